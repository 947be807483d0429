namespace Probe.Appliance.Configuration;

/// <summary>One capture port: where packets come from, and which core polls each of its queues.</summary>
public sealed class PortConfig
{
    public string Name { get; set; } = "";

    /// <summary>replay: a capture file replayed as an rx queue; dpdk: a DPDK port (a NIC or a virtual device).</summary>
    public string Type { get; set; } = "replay";

    /// <summary>dpdk: the ethdev name, a --vdev name ("net_pcap0") or a PCI address; afxdp: the interface.</summary>
    public string? Device { get; set; }

    /// <summary>dpdk: a virtual device to create, e.g. "net_pcap0,rx_pcap=/path/file.pcap".</summary>
    public string? Vdev { get; set; }

    /// <summary>afxdp: native | generic | auto (native where the driver has it).</summary>
    public string XdpMode { get; set; } = "auto";

    /// <summary>afxdp: require | prefer | never; prefer falls back to copy mode and says so per queue.</summary>
    public string ZeroCopy { get; set; } = "prefer";

    /// <summary>afxdp: UMEM frames per queue and their size.</summary>
    public int FrameCount { get; set; } = 4096;

    public int FrameSize { get; set; } = 4096;

    /// <summary>afxdp: replace our own XDP program left attached by a crashed run (with a log line).</summary>
    public bool ReplaceStaleProgram { get; set; } = true;

    /// <summary>dpdk, afxdp: rx queues (RSS spreads flows over them).</summary>
    public int Queues { get; set; } = 1;

    /// <summary>dpdk: descriptors per rx ring (0: 1024).</summary>
    public int RxDescriptors { get; set; }

    /// <summary>dpdk: mbufs in each queue's hugepage mempool (0: 16383).</summary>
    public int MbufsPerQueue { get; set; }

    /// <summary>replay: the capture file.</summary>
    public string? File { get; set; }

    /// <summary>replay: passes through the file; 0 replays forever.</summary>
    public int Passes { get; set; } = 1;

    /// <summary>replay: packets per second at most; 0 for as fast as consumers take them.</summary>
    public long RatePps { get; set; }

    /// <summary>replay: stamp packets with the replay time instead of the file's.</summary>
    public bool Retime { get; set; }

    /// <summary>replay: wait for consumers instead of dropping (a file can wait; a link cannot).</summary>
    public bool Lossless { get; set; } = true;

    /// <summary>replay: deliver nothing until this many descriptors are attached (consumers and recorders), so
    /// every one of them sees the file from its first packet.</summary>
    public int WaitForConsumers { get; set; }

    /// <summary>One core per queue to pin its poll thread to; empty leaves placement to the scheduler.</summary>
    public List<int> Cores { get; set; } = [];

    /// <summary>Packets asked of the source per receive call (1..256): larger bursts spread the per-burst work
    /// (the receive call, timeouts, publishing counters) over more packets.</summary>
    public int BurstSize { get; set; } = 32;

    /// <summary>busy-poll | backoff: what a poll thread does when its queue is empty.</summary>
    public string Idle { get; set; } = "busy-poll";
}
