using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Dpdk;

/// <summary>
/// One DPDK rx queue as an <see cref="IRxQueue"/>: each Receive frees the previous burst's mbufs in bulk, takes a
/// new burst from the shim as a flat array, and hands the poll loop pointers straight into the mbufs (no copy;
/// the only copy on the path is the descriptor's append). Used by exactly one thread, which it registers with
/// DPDK (rte_thread_register) on its first call.
/// </summary>
public sealed unsafe class DpdkRxQueue : IRxQueue
{
    private const int MaxBurst = 256;
    private const int ArenaSize = 1 << 20;

    private readonly DpdkPort _port;
    private readonly ushort _queue;
    private readonly bool _mayBlock;
    private readonly PdkRxPkt* _packets = (PdkRxPkt*)NativeMemory.AlignedAlloc(MaxBurst * (nuint)sizeof(PdkRxPkt), 64);
    private readonly nint* _mbufs = (nint*)NativeMemory.AlignedAlloc(MaxBurst * (nuint)sizeof(nint), 64);
    private readonly byte* _arena = (byte*)NativeMemory.AlignedAlloc(ArenaSize, 64); // multi-segment frames, linearised
    private int _held;
    private int _registeredThread = -1;

    internal DpdkRxQueue(DpdkPort port, ushort queue, bool mayBlock)
    {
        _port = port;
        _queue = queue;
        _mayBlock = mayBlock;
    }

    public string Device => _port.Name;
    public int QueueId => _queue;
    public int LinkType => 1;
    public uint SnapLength => 262144;
    public bool IsLossless => false;
    public bool IsExhausted => false;
    public DpdkPort Port => _port;

    public RxQueueStatistics Statistics
    {
        get
        {
            DpdkPortStatistics s = _port.Statistics();
            return _queue < s.QueuePackets.Count ? new RxQueueStatistics(s.QueuePackets[_queue], s.QueueBytes[_queue], 0, 0, 0) : default;
        }
    }

    public int Receive(Span<RxPacket> packets)
    {
        if (_registeredThread != Environment.CurrentManagedThreadId)
            RegisterThread();
        ReleaseHeld();
        ushort max = (ushort)Math.Min(packets.Length, MaxBurst);
        int n = _mayBlock
            ? Pdk.RxBurst(_port.PortId, _queue, _packets, _mbufs, max)
            : Pdk.RxBurstFast(_port.PortId, _queue, _packets, _mbufs, max);
        _held = n;
        long nowSeconds = 0;
        ulong nowNanos = 0;
        int arenaUsed = 0;
        for (int i = 0; i < n; i++)
        {
            ref PdkRxPkt p = ref _packets[i];
            ref RxPacket o = ref packets[i];
            o.Data = p.Data;
            o.CaptureLength = p.DataLength;
            o.WireLength = p.PacketLength;
            o.RssHash = p.RssHash;
            if ((p.Flags & (PdkRxPkt.FlagMultiSegment | PdkRxPkt.FlagTruncated)) != 0)
                Linearise(ref o, _mbufs[i], ref arenaUsed);
            if ((p.Flags & PdkRxPkt.FlagTimestamp) != 0)
            {
                o.Seconds = (long)(p.TimestampNs / 1_000_000_000);
                o.Nanoseconds = p.TimestampNs % 1_000_000_000;
            }
            else
            {
                if (nowSeconds == 0)
                    (nowSeconds, nowNanos) = RealTime.Now();
                o.Seconds = nowSeconds;
                o.Nanoseconds = nowNanos;
            }
        }
        return n;
    }

    /// <summary>A frame spread over several mbufs is copied whole into the arena (rare: jumbo frames).</summary>
    private void Linearise(ref RxPacket packet, nint mbuf, ref int arenaUsed)
    {
        uint room = (uint)(ArenaSize - arenaUsed);
        int copied = Pdk.MbufCopy(mbuf, 0, _arena + arenaUsed, Math.Min(packet.WireLength, room));
        if (copied <= 0)
            return; // keep the first segment
        packet.Data = (nint)(_arena + arenaUsed);
        packet.CaptureLength = (uint)copied;
        arenaUsed += copied;
    }

    private void RegisterThread()
    {
        byte* err = stackalloc byte[ErrorBuffer.Capacity];
        ErrorBuffer.Check(Pdk.ThreadRegister(err, ErrorBuffer.Capacity), err, $"registering the poll thread of {Device}:{_queue}");
        _registeredThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>Returns the last burst's mbufs to the pool (poll thread, or the port's close after the thread ended).</summary>
    internal void ReleaseHeld()
    {
        if (_held == 0)
            return;
        Pdk.FreeBulk(_mbufs, (ushort)_held);
        _held = 0;
    }

    public void Dispose()
    {
        ReleaseHeld();
        NativeMemory.AlignedFree(_packets);
        NativeMemory.AlignedFree(_mbufs);
        NativeMemory.AlignedFree(_arena);
    }
}
