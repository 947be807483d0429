using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.AfXdp;

/// <summary>One AF_XDP capture port: an interface and the rx queues to capture, each with its own socket and UMEM.</summary>
public sealed record AfXdpPortOptions
{
    /// <summary>The network interface, in the caller's network namespace.</summary>
    public required string Interface { get; init; }

    /// <summary>The rx queues to capture; null means queues 0 .. <see cref="QueueCount"/> - 1.</summary>
    public IReadOnlyList<int>? Queues { get; init; }

    /// <summary>With <see cref="Queues"/> null: capture this many queues from queue 0.</summary>
    public int QueueCount { get; init; } = 1;

    public XdpModeRequest Mode { get; init; } = XdpModeRequest.Auto;

    public ZeroCopyPolicy ZeroCopy { get; init; } = ZeroCopyPolicy.Prefer;

    /// <summary>UMEM frames per queue (a power of two, 64 .. 1048576); also the rx ring's size.</summary>
    public int FrameCount { get; init; } = 4096;

    /// <summary>Bytes per UMEM frame: 2048 or 4096 (one page). 256 of them are the kernel's headroom.</summary>
    public int FrameSize { get; init; } = 4096;

    /// <summary>Back each queue's UMEM with 2 MiB hugepages (fewer TLB misses on the packet data).</summary>
    public HugepagePolicy Hugepages { get; init; } = HugepagePolicy.Prefer;

    /// <summary>
    /// Replace an AF_XDP redirect program that a run which ended without cleaning up (kill -9, a crash) left on the
    /// interface: one named probe_xsk (ours) or xsk_def_prog (libxdp's), held by no process. Off: such a program is
    /// an error that names it and the command that removes it. A program of any other name, or one a live process
    /// holds, is never touched.
    /// </summary>
    public bool ReplaceStaleProgram { get; init; } = true;

    /// <summary>Frames longer than a UMEM frame arrive as several descriptors (XDP_USE_SG, Linux 6.6) and are
    /// reassembled; off, they are dropped by the kernel and counted in rx_dropped.</summary>
    public bool MultiBuffer { get; init; } = true;

    /// <summary>XDP_USE_NEED_WAKEUP: the kernel says when it needs a system call to make progress, so a busy poll
    /// loop makes none otherwise.</summary>
    public bool NeedWakeup { get; init; } = true;

    /// <summary>
    /// Preferred busy polling, as DPDK's net_af_xdp sets it up: the poll thread runs the driver's receive processing
    /// (NAPI: the XDP program and the copy into the UMEM) itself, through a non-blocking recvfrom whenever its rx
    /// ring is empty, instead of leaving it to softirq. Costs a system call per empty poll; on the veth of
    /// perf/afxdp it made no measurable difference, so it is off by default. Needs CAP_NET_ADMIN and Linux 5.11;
    /// unavailable, it is logged and left off.
    /// </summary>
    public bool BusyPoll { get; init; }

    /// <summary>The queue ids these options select.</summary>
    public IReadOnlyList<int> SelectedQueues() => Queues ?? Enumerable.Range(0, QueueCount).ToArray();
}
