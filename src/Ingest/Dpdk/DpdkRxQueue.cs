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
        uint burstFlags;
        int n;
        // The shim writes the burst straight into the caller's array: pdk_rx_pkt has RxPacket's layout, its flags
        // word in RxPacket's padding (tests/Dpdk.Tests/AbiTests), timestamps already split, no per-packet work here.
        fixed (RxPacket* first = packets)
        {
            var raw = (PdkRxPkt*)first;
            n = _mayBlock
                ? Pdk.RxBurst(_port.PortId, _queue, raw, _mbufs, max, &burstFlags)
                : Pdk.RxBurstFast(_port.PortId, _queue, raw, _mbufs, max, &burstFlags);
            _held = n;
            if ((burstFlags & (PdkRxPkt.FlagMultiSegment | PdkRxPkt.FlagTruncated)) != 0)
                LineariseChains(raw, n);
        }
        return n;
    }

    /// <summary>Copies the burst's multi-segment frames whole into the arena (rare: jumbo frames).</summary>
    private void LineariseChains(PdkRxPkt* packets, int count)
    {
        int arenaUsed = 0;
        for (int i = 0; i < count; i++)
            if ((packets[i].Flags & (PdkRxPkt.FlagMultiSegment | PdkRxPkt.FlagTruncated)) != 0)
                Linearise(ref *(RxPacket*)(packets + i), _mbufs[i], ref arenaUsed);
    }

    /// <summary>One frame spread over several mbufs, copied whole into the arena.</summary>
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
        NativeMemory.AlignedFree(_mbufs);
        NativeMemory.AlignedFree(_arena);
    }
}
