using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// One AF_XDP rx queue: a socket bound to (interface, queue) with its own UMEM. Every UMEM frame is at all times in
/// exactly one place: the fill ring (the kernel's to receive into), the rx ring (received, not yet peeked), or the
/// poll thread's current burst. <see cref="Receive"/> first hands the previous burst's frames back through the fill
/// ring, then peeks the rx ring: a packet in one descriptor is delivered in place (Data points into the UMEM); a
/// multi-buffer packet (several descriptors) is copied together into a reassembly arena. AF_XDP carries no
/// timestamps, so a burst is stamped with CLOCK_REALTIME when it is peeked. The hot path allocates nothing.
/// Created by <see cref="AfXdpPort.Open"/>.
/// </summary>
public sealed unsafe class AfXdpRxQueue : IRxQueue
{
    /// <summary>The snap length reported with multi-buffer on: tcpdump's (MAXIMUM_SNAPLEN); AF_XDP delivers up to 64 KiB.</summary>
    private const uint MultiBufferSnapLength = 262144;
    private const int ReassemblyArenaSize = 512 * 1024;

    private readonly UmemMemory _memory;
    private readonly XskUmem _umem;
    private readonly XskSocket _socket;
    private readonly XdpAttachment _attachment;
    private readonly FillRing _fill;
    private readonly RxRing _rx;
    private readonly byte* _umemBase;
    private readonly ulong _umemSize;
    private readonly ulong _frameOffsetMask;
    private readonly uint _frameSize;
    private readonly bool _needWakeup;
    private readonly bool _busyPoll;
    // Frame addresses of the burst last returned: given back to the fill ring by the next Receive.
    private readonly ulong* _held;
    private uint _heldCount;
    private byte* _reassembly;
    private int _reassemblySize;
    private ulong _packets, _bytes, _malformed, _wakeups;
    private int _disposed;

    internal AfXdpRxQueue(string device, int queueId, UmemMemory memory, XskUmem umem, XskSocket socket,
        XdpAttachment attachment, AfXdpQueueMode mode)
    {
        Device = device;
        QueueId = queueId;
        Mode = mode;
        _memory = memory;
        _umem = umem;
        _socket = socket;
        _attachment = attachment;
        _fill = umem.Fill;
        _rx = socket.Rx;
        _umemBase = memory.Pointer;
        _frameSize = (uint)mode.FrameSize;
        _frameOffsetMask = _frameSize - 1;
        _umemSize = (ulong)mode.FrameCount * _frameSize;
        _needWakeup = mode.NeedWakeup;
        _busyPoll = mode.BusyPoll;
        SnapLength = mode.MultiBuffer ? MultiBufferSnapLength : _frameSize - XskConstants.XDP_PACKET_HEADROOM;
        _held = (ulong*)NativeMemory.Alloc((nuint)mode.FrameCount, sizeof(ulong));
        GiveAllFramesToKernel(mode.FrameCount);
    }

    public string Device { get; }

    public int QueueId { get; }

    public int LinkType => 1;

    public uint SnapLength { get; }

    public bool IsLossless => false;

    public bool IsExhausted => false;

    /// <summary>What the queue runs with, as read back from the kernel: XDP mode, zero-copy or copy, UMEM shape.</summary>
    public AfXdpQueueMode Mode { get; }

    /// <summary>The kernel's XDP_STATISTICS for this socket, under their own names. Read from any thread.</summary>
    public XdpSocketStatistics XdpStatistics
    {
        get
        {
            XdpStatisticsNative s = _socket.ReadStatistics();
            return new XdpSocketStatistics(s.RxDropped, s.RxInvalidDescs, s.RxRingFull, s.RxFillRingEmptyDescs,
                s.TxInvalidDescs, s.TxRingEmptyDescs);
        }
    }

    /// <summary>recvfrom calls made: busy polls on an empty rx ring, and kicks the kernel asked for (need_wakeup).</summary>
    public ulong Wakeups => Volatile.Read(ref _wakeups);

    /// <summary>
    /// Packets and bytes delivered; MissedByNic = rx_ring_full, NoBuffer = rx_dropped, Errors = rx_invalid_descs plus
    /// descriptors outside the UMEM (which the kernel never produces). Read from any thread.
    /// </summary>
    public RxQueueStatistics Statistics
    {
        get
        {
            XdpStatisticsNative s = _socket.ReadStatistics();
            return new RxQueueStatistics(Volatile.Read(ref _packets), Volatile.Read(ref _bytes),
                MissedByNic: s.RxRingFull, NoBuffer: s.RxDropped, Errors: s.RxInvalidDescs + Volatile.Read(ref _malformed));
        }
    }

    public int Receive(Span<RxPacket> packets)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_heldCount != 0)
            ReturnHeldFrames();

        uint available = _rx.Peek(_rx.Size, out uint first);
        if (available == 0)
        {
            // Busy polling: the recvfrom runs the driver's receive processing here and now; what it delivers is
            // peeked by the next call.
            if (_busyPoll)
                Kick();
            else
                WakeIfAsked();
            return 0;
        }

        Sys.Timespec now;
        Sys.ClockGetTime(Sys.CLOCK_REALTIME, &now);
        int count = 0;
        uint used = 0;
        int arenaUsed = 0;
        ulong bytes = 0;
        while (count < packets.Length && used < available)
        {
            XdpDesc desc = _rx.Descriptor(first + used);
            if ((desc.Options & XskConstants.XDP_PKT_CONTD) == 0)
            {
                used++;
                if (!Hold(desc))
                    continue;
                packets[count++] = new RxPacket
                {
                    Data = (nint)(_umemBase + desc.Addr),
                    CaptureLength = desc.Len,
                    WireLength = desc.Len,
                    Seconds = now.Seconds,
                    Nanoseconds = (ulong)now.Nanoseconds,
                };
                bytes += desc.Len;
                continue;
            }

            // A multi-buffer packet: descriptors with XDP_PKT_CONTD up to one without. The kernel publishes a
            // packet's descriptors together, so the end is always among those available; if not, leave it for later.
            uint last = used;
            uint total = 0;
            while (last < available && (_rx.Descriptor(first + last).Options & XskConstants.XDP_PKT_CONTD) != 0)
                total += _rx.Descriptor(first + last++).Len;
            if (last == available)
                break;
            total += _rx.Descriptor(first + last).Len;
            if (!ReserveReassembly(arenaUsed, total))
                break; // this burst's arena is full: the packet comes first in the next burst
            byte* target = _reassembly + arenaUsed;
            uint offset = 0;
            bool intact = true;
            for (; used <= last; used++)
            {
                XdpDesc part = _rx.Descriptor(first + used);
                if (!Hold(part))
                {
                    intact = false;
                    continue;
                }
                Buffer.MemoryCopy(_umemBase + part.Addr, target + offset, total - offset, part.Len);
                offset += part.Len;
            }
            if (!intact)
                continue;
            packets[count++] = new RxPacket
            {
                Data = (nint)target,
                CaptureLength = total,
                WireLength = total,
                Seconds = now.Seconds,
                Nanoseconds = (ulong)now.Nanoseconds,
            };
            arenaUsed += (int)((total + 7) & ~7u);
            bytes += total;
        }

        // Descriptors peeked but not consumed go back unread; the consumed ones' slots go back to the kernel.
        _rx.Cancel(available - used);
        _rx.Release(used);
        // Single writer; readers on other threads use Volatile.Read (64-bit stores are atomic on 64-bit targets).
        Volatile.Write(ref _packets, _packets + (ulong)count);
        Volatile.Write(ref _bytes, _bytes + bytes);
        return count;
    }

    /// <summary>Keeps a consumed descriptor's frame for the fill ring. False (and counted in Errors) for a descriptor
    /// whose bytes do not lie within one UMEM frame and must not be read; its frame is still given back when its
    /// address is inside the UMEM. The kernel never produces such a descriptor: this guards the reads, not the flow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Hold(in XdpDesc desc)
    {
        bool inside = desc.Addr < _umemSize;
        if (inside)
        {
            // In aligned mode any address inside a frame names the frame; give back its start.
            _held[_heldCount++] = desc.Addr & ~_frameOffsetMask;
        }
        if (inside && (desc.Addr & _frameOffsetMask) + desc.Len <= _frameSize)
            return true;
        Volatile.Write(ref _malformed, _malformed + 1);
        return false;
    }

    private void ReturnHeldFrames()
    {
        // Cannot fail: the fill ring has twice as many slots as there are frames, so even with the kernel's consumer
        // index published late there is room for every frame outside it.
        if (!_fill.TryReserve(_heldCount, out uint index))
            throw new RxSourceException($"afxdp {Device} queue {QueueId}: the fill ring has no room for {_heldCount} frames (a bug)");
        for (uint i = 0; i < _heldCount; i++)
            _fill.Address(index + i) = _held[i];
        _fill.Submit(_heldCount);
        _heldCount = 0;
        WakeIfAsked();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WakeIfAsked()
    {
        if (_needWakeup && _fill.NeedsWakeup)
            Kick();
    }

    private void Kick()
    {
        _socket.Wake();
        Volatile.Write(ref _wakeups, _wakeups + 1);
    }

    /// <summary>Room for <paramref name="length"/> more bytes in this burst's reassembly arena, allocated on the
    /// first multi-buffer packet; grown only while empty, since packets of this burst may point into it.</summary>
    private bool ReserveReassembly(int used, uint length)
    {
        if (used + length <= _reassemblySize)
            return true;
        if (used != 0)
            return false;
        int size = Math.Max(ReassemblyArenaSize, (int)BitOperations.RoundUpToPowerOf2(length));
        NativeMemory.Free(_reassembly);
        _reassembly = (byte*)NativeMemory.Alloc((nuint)size);
        _reassemblySize = size;
        return true;
    }

    private void GiveAllFramesToKernel(int frameCount)
    {
        if (!_fill.TryReserve((uint)frameCount, out uint index))
            throw new AfXdpException($"afxdp {Device} queue {QueueId}: the new fill ring has no room for {frameCount} frames");
        for (uint i = 0; i < (uint)frameCount; i++)
            _fill.Address(index + i) = i * _frameSize;
        _fill.Submit((uint)frameCount);
    }

    /// <summary>Closes the socket (the kernel drops it from the XSKMAP), the UMEM and its memory, and releases the
    /// queue's hold on the XDP program: the last queue of the port to go detaches it. Call after the poll thread
    /// has stopped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _socket.Dispose();
        _umem.Dispose();
        _memory.Dispose();
        _attachment.Release();
        NativeMemory.Free(_held);
        NativeMemory.Free(_reassembly);
        _reassembly = null;
    }
}
