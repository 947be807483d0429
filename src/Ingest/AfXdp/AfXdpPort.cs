using System.Numerics;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// Opens an AF_XDP capture port: one <see cref="AfXdpRxQueue"/> per selected rx queue of an interface, all fed by
/// one XDP program. In order: validate the options and the interface; check capabilities; deal with a program
/// already attached (a stale one left by a crashed run is replaced, with a log line); load and attach ours in the
/// requested mode; then per queue a UMEM and a socket in the requested copy mode, filled and entered in the map.
/// Every fallback the options allow (native to generic, zero-copy to copy, hugepages to regular pages) is logged,
/// and each queue logs the mode it ended up in. On any failure everything made so far is undone.
/// </summary>
public static class AfXdpPort
{
    private const int MinFrameCount = 64;
    private const int MaxFrameCount = 1 << 20;
    private static readonly TimeSpan QueueReleaseWait = TimeSpan.FromSeconds(2);
    // Preferred busy polling as DPDK's net_af_xdp sets it up: 64 packets per call, at most 20 us in the driver.
    private const int BusyPollMicroseconds = 20;
    private const int BusyPollBudget = 64;

    /// <summary>Opens the port's queues; dispose each (after its poll thread stops). The last one disposed detaches
    /// the XDP program.</summary>
    /// <exception cref="AfXdpException">the options are invalid, or a step failed; the message says which and why</exception>
    public static IReadOnlyList<AfXdpRxQueue> Open(AfXdpPortOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        NetworkInterface nic = NetworkInterface.Find(options.Interface);
        IReadOnlyList<int> queueIds = Validate(options, nic);
        long umemBytes = (long)options.FrameCount * options.FrameSize;
        AfXdpPrerequisites.Check(nic.Name, queueIds.Count, umemBytes);

        ExistingXdpProgram.Resolve(nic.Index, nic.Name, options.ReplaceStaleProgram, log);
        int mapEntries = Math.Max(nic.RxQueues, queueIds.Max() + 1);
        XdpRedirectProgram program = XdpRedirectProgram.Load(mapEntries, options.MultiBuffer, $"afxdp {nic.Name}");
        XdpAttachment attachment = XdpAttachment.Attach(program, nic.Index, nic.Name, options.Mode, options.MultiBuffer, log);
        var queues = new List<AfXdpRxQueue>(queueIds.Count);
        try
        {
            if (options.ZeroCopy == ZeroCopyPolicy.Require && attachment.Mode == XdpMode.Generic)
                throw new AfXdpException($"afxdp {nic.Name}: zero-copy is required (zero_copy: require) but XDP runs in " +
                                         "generic mode, which always copies; the driver has no native XDP");
            foreach (int queue in queueIds)
                queues.Add(OpenQueue(options, nic, queue, attachment, log));
            return queues;
        }
        catch
        {
            foreach (AfXdpRxQueue queue in queues)
                queue.Dispose();
            throw;
        }
        finally
        {
            attachment.Release(); // the factory's own reference: with no queue left, this detaches
        }
    }

    private static IReadOnlyList<int> Validate(AfXdpPortOptions options, NetworkInterface nic)
    {
        string where = $"afxdp {nic.Name}";
        if (options.Queues is not null && options.QueueCount != 1)
            throw new AfXdpException($"{where}: give the queues as a list or as a count, not both");
        if (options.Queues is null && options.QueueCount < 1)
            throw new AfXdpException($"{where}: queue count {options.QueueCount} must be at least 1");
        IReadOnlyList<int> queues = options.SelectedQueues();
        if (queues.Count == 0)
            throw new AfXdpException($"{where}: the queue list is empty");
        if (queues.Distinct().Count() != queues.Count)
            throw new AfXdpException($"{where}: the queue list [{string.Join(", ", queues)}] names a queue twice");
        foreach (int queue in queues)
        {
            if (queue < 0)
                throw new AfXdpException($"{where}: queue {queue} is negative");
            if (nic.RxQueues > 0 && queue >= nic.RxQueues)
                throw new AfXdpException($"{where}: queue {queue} does not exist: {nic.Name} has {nic.RxQueues} rx queue(s) " +
                                         $"(0-{nic.RxQueues - 1}); raise the count with: ethtool -L {nic.Name} rx {queue + 1} " +
                                         $"(or combined {queue + 1})");
        }
        if (options.FrameSize is not (2048 or 4096))
            throw new AfXdpException($"{where}: frame size {options.FrameSize} must be 2048 or 4096 (a power of two, at most a page)");
        if (options.FrameCount < MinFrameCount || options.FrameCount > MaxFrameCount || !BitOperations.IsPow2(options.FrameCount))
            throw new AfXdpException($"{where}: frame count {options.FrameCount} must be a power of two from {MinFrameCount} to {MaxFrameCount}");
        if (options.ZeroCopy == ZeroCopyPolicy.Require && options.Mode == XdpModeRequest.Generic)
            throw new AfXdpException($"{where}: zero_copy: require contradicts xdp_mode: generic, which always copies");
        return queues;
    }

    private static AfXdpRxQueue OpenQueue(AfXdpPortOptions options, NetworkInterface nic, int queue, XdpAttachment attachment,
        TextWriter log)
    {
        string where = $"afxdp {nic.Name} queue {queue}";
        UmemMemory memory = UmemMemory.Allocate((long)options.FrameCount * options.FrameSize, options.Hugepages, out string? notice);
        if (notice is not null)
            log.WriteLine($"{where}: {notice}");
        XskUmem umem;
        XskSocket socket;
        AfXdpQueueMode mode;
        try
        {
            bool tryZeroCopy = options.ZeroCopy != ZeroCopyPolicy.Never && attachment.Mode == XdpMode.Native;
            // Zero-copy refused under Prefer: a fresh UMEM in copy mode (a failed bind leaves the first one's rings
            // in an unknown state). A copy-mode bind returns a socket or throws.
            (umem, socket) = Bind(options, nic, queue, memory, zeroCopy: tryZeroCopy, where, log)
                             ?? Bind(options, nic, queue, memory, zeroCopy: false, where, log)!.Value;
            try
            {
                bool busyPoll = false;
                if (options.BusyPoll)
                {
                    string? why = socket.EnableBusyPoll(BusyPollMicroseconds, BusyPollBudget);
                    busyPoll = why is null;
                    if (why is not null)
                        log.WriteLine($"{where}: busy polling unavailable ({why}); the kernel receives in softirq");
                }
                mode = new AfXdpQueueMode(attachment.Mode, socket.IsZeroCopy(), options.NeedWakeup, busyPoll,
                    options.MultiBuffer, memory.IsHugepageBacked, options.FrameCount, options.FrameSize);
                if (options.ZeroCopy == ZeroCopyPolicy.Require && !mode.ZeroCopy)
                    throw new AfXdpException($"{where}: zero-copy is required (zero_copy: require) but the kernel runs the socket in copy mode");
            }
            catch
            {
                socket.Dispose();
                umem.Dispose();
                throw;
            }
        }
        catch
        {
            memory.Dispose();
            throw;
        }

        // From here the queue owns the memory, the UMEM, the socket and a reference to the attachment. Its
        // constructor gives every frame to the fill ring, so the socket has room before it enters the map and the
        // first frame is redirected to it.
        AfXdpRxQueue rxQueue;
        attachment.AddReference();
        try
        {
            rxQueue = new AfXdpRxQueue(nic.Name, queue, memory, umem, socket, attachment, mode);
        }
        catch
        {
            attachment.Release();
            socket.Dispose();
            umem.Dispose();
            memory.Dispose();
            throw;
        }
        try
        {
            attachment.Program.Insert(queue, socket.Fd, where);
        }
        catch
        {
            rxQueue.Dispose();
            throw;
        }
        log.WriteLine($"{where}: capturing with {mode}");
        return rxQueue;
    }

    /// <summary>A UMEM and a bound socket; with zero-copy refused under Prefer, the UMEM is deleted and null
    /// returned after a log line, so the caller retries in copy mode.</summary>
    private static (XskUmem Umem, XskSocket Socket)? Bind(AfXdpPortOptions options, NetworkInterface nic, int queue, UmemMemory memory,
        bool zeroCopy, string where, TextWriter log)
    {
        ushort flags = zeroCopy ? XskConstants.XDP_ZEROCOPY : XskConstants.XDP_COPY;
        if (options.NeedWakeup)
            flags |= XskConstants.XDP_USE_NEED_WAKEUP;
        if (options.MultiBuffer)
            flags |= XskConstants.XDP_USE_SG;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Twice as many fill slots as frames: the kernel may publish its consumer index late, and the frames it
            // has taken but not yet accounted for must never leave the poll thread without room to give a frame back.
            XskUmem umem = XskUmem.Create(memory, options.FrameCount, options.FrameSize, (uint)options.FrameCount * 2, where);
            try
            {
                return (umem, XskSocket.Create(nic.Name, queue, umem, (uint)options.FrameCount, flags, where));
            }
            catch (AfXdpException e) when (e.Errno == Errno.EBUSY && clock.Elapsed < QueueReleaseWait)
            {
                // The kernel unbinds a closed socket's queue from a work item, a little after close() returns: a
                // queue that was captured a moment ago (a restart, the previous test) is briefly still "busy".
                umem.Dispose();
                Thread.Sleep(10);
            }
            catch (AfXdpException e)
            {
                umem.Dispose();
                return Refused(e, options, nic, queue, zeroCopy, where, log);
            }
        }
    }

    /// <summary>A bind refused: under zero_copy: prefer a zero-copy refusal means "retry in copy mode" (null);
    /// anything else is an error with its explanation.</summary>
    private static (XskUmem Umem, XskSocket Socket)? Refused(AfXdpException e, AfXdpPortOptions options, NetworkInterface nic,
        int queue, bool zeroCopy, string where, TextWriter log)
    {
        if (!zeroCopy || e.Errno is not (Errno.EOPNOTSUPP or Errno.EINVAL))
            throw Explain(e, nic, queue, options);
        string reason = $"the driver of {nic.Name} refused zero-copy: {Errno.Describe(e.Errno)}";
        if (options.ZeroCopy == ZeroCopyPolicy.Require)
            throw new AfXdpException($"{where}: zero-copy is required (zero_copy: require) but {reason}; drivers " +
                                     "without AF_XDP zero-copy support (veth among them) refuse it. Set zero_copy: " +
                                     "prefer to fall back to copy mode", e.Errno);
        log.WriteLine($"{where}: zero-copy unavailable ({reason}); using copy mode as zero_copy: prefer allows");
        return null;
    }

    private static AfXdpException Explain(AfXdpException e, NetworkInterface nic, int queue, AfXdpPortOptions options) =>
        e.Errno switch
        {
            Errno.EPERM when !Capabilities.Current().Has(Capability.NetRaw) =>
                new AfXdpException($"{e.Message}: the process lacks CAP_NET_RAW ({Capability.NetRaw.NeededFor})", e.Errno,
                    [Capability.NetRaw.Name]),
            Errno.EBUSY =>
                new AfXdpException($"{e.Message}: queue {queue} of {nic.Name} already has an AF_XDP socket (another capture?)", e.Errno),
            Errno.EINVAL when options.MultiBuffer =>
                new AfXdpException($"{e.Message}: multi-buffer sockets (XDP_USE_SG) need Linux 6.6; on older kernels set " +
                                   "multi_buffer: false", e.Errno),
            _ => e,
        };
}
