using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probe.Zbuf;

/// <summary>
/// The producer side of one zbuf descriptor: the store/hold/free state machine of protocol section 2.
/// Single writer: every method but <see cref="Statistics"/>, <see cref="RequestRotate"/>, <see cref="RequestFlush"/>
/// and <see cref="Abandon"/> runs on the descriptor's poll thread, so the hot path takes no lock.
/// All bookkeeping (roles, write offset, lengths, generations) is private: the shared header is only written,
/// except user_gen, which is only compared for equality. A consumer that scribbles over it confuses only itself.
/// </summary>
public sealed unsafe class ZbufDescriptor : IDisposable
{
    private const int RotateRequested = 1;
    private const int FlushRequested = 2;

    private readonly BufferPair _buffers;
    private readonly byte*[] _base = new byte*[2];
    private readonly uint[] _generation = new uint[2];
    private readonly long[] _handedOverAt = new long[2]; // when each buffer was last handed over (Stopwatch ticks)
    private readonly int[] _handedOverLength = new int[2];
    private readonly StatisticsPublisher _publisher = new();
    private readonly int _usable;
    private readonly int _headerLength;
    private readonly bool _backpressure;
    // Settings a consumer may change while capturing; only the poll thread writes them (see Reconfigure).
    private uint _captureLimit;
    private TimestampFormat _timestampFormat;
    private long _timeoutTicks;
    private bool _immediate;
    private DescriptorOptions? _pendingOptions;

    private int _store;              // index of the store buffer; the other is hold or free
    private byte* _storeBase;        // where the store's records start (_base[_store] + header), for the hot path
    private bool _otherIsHold;       // the other buffer is handed over and not yet reclaimed
    private bool _storeHandedOver;   // the store itself was handed over when full with no free buffer
    private int _storeLength;        // bytes of records in the store (kernel_len once handed over)
    private long _storeFirstTicks;   // when the store's first record arrived, for the read timeout
    private long _now;               // the poll loop's clock, refreshed by Tick
    private int _requests;           // RotateRequested | FlushRequested, set by other threads
    private volatile bool _abandoned;
    private IHandOverObserver? _observer;

    private ulong _received, _matched, _captured, _dropped, _capturedBytes, _handOvers, _timeouts;

    public ZbufDescriptor(BufferPair buffers, DescriptorOptions options)
    {
        _buffers = buffers;
        _base[0] = buffers.A.Pointer;
        _base[1] = buffers.B.Pointer;
        // The append loop aligns record addresses; records must be aligned as offsets into the buffer (bpf(4)).
        if ((nint)_base[0] % RecordHeader.Alignment != 0 || (nint)_base[1] % RecordHeader.Alignment != 0)
            throw new ArgumentException($"zbuf buffers must start {RecordHeader.Alignment}-byte aligned", nameof(buffers));
        _storeBase = _base[0] + SharedHeader.Size;
        _usable = buffers.Size - SharedHeader.Size;
        _headerLength = RecordHeader.HeaderLengthFor(LinkHeaderLength.For(options.LinkType));
        _backpressure = options.Backpressure;
        Apply(options);
        _now = Stopwatch.GetTimestamp();
        Publish();
    }

    /// <summary>The settings in force (as of the last tick that applied a <see cref="Reconfigure"/>).</summary>
    public DescriptorOptions Options { get; private set; } = null!;

    /// <summary>
    /// Changes snap length, timestamp format, read timeout or immediate mode while capturing (any thread); the poll
    /// thread applies it at its next tick. Link type and backpressure are fixed for the descriptor's life.
    /// </summary>
    public void Reconfigure(DescriptorOptions options) => Volatile.Write(ref _pendingOptions, options);

    private void Apply(DescriptorOptions options)
    {
        _captureLimit = (uint)Math.Min(options.SnapLength, (uint)(_usable - _headerLength));
        _timestampFormat = options.TimestampFormat;
        _timeoutTicks = options.ReadTimeout <= TimeSpan.Zero
            ? long.MaxValue
            : (long)(options.ReadTimeout.TotalSeconds * Stopwatch.Frequency);
        _immediate = options.Immediate;
        Options = options;
    }

    public BufferPair Buffers => _buffers;

    /// <summary>Record padding for this descriptor's link type: where packet bytes start in a record.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>The latest consistent counters (any thread). Lags the hot path by at most one poll iteration.</summary>
    public DescriptorStatistics Statistics => _publisher.Read().Counters;

    /// <summary>The buffers' state as of the same publication (any thread).</summary>
    public BufferStatus BufferStatus => _publisher.Read().Buffers;

    /// <summary>Counters and buffer state read together (any thread).</summary>
    public (DescriptorStatistics Counters, BufferStatus Buffers) Snapshot => _publisher.Read();

    /// <summary>Bytes in the store not yet handed over (poll thread; diagnostics).</summary>
    public int StoreLength => _storeHandedOver ? 0 : _storeLength;

    /// <summary>
    /// Accounts one packet seen by this descriptor and, when its filter kept <paramref name="keep"/> > 0 bytes,
    /// writes one record into the store. <paramref name="packet"/> is the bytes present (on a live link, the
    /// whole packet); <paramref name="wireLength"/> becomes datalen. A burst of one: the poll loop's
    /// <see cref="AppendBurst{TPacket}"/> is the only implementation.
    /// </summary>
    public OfferResult Offer(ReadOnlySpan<byte> packet, uint wireLength, uint keep, long seconds, ulong nanoseconds)
    {
        ulong captured = _captured, dropped = _dropped;
        fixed (byte* data = packet)
        {
            var one = new OfferedPacket((nint)data, (uint)packet.Length, wireLength, seconds, nanoseconds);
            AppendBurst(new ReadOnlySpan<OfferedPacket>(in one), new ReadOnlySpan<uint>(in keep));
        }
        return _captured != captured ? OfferResult.Captured : _dropped != dropped ? OfferResult.Dropped : OfferResult.Rejected;
    }

    private readonly record struct OfferedPacket(nint Data, uint CaptureLength, uint WireLength, long Seconds, ulong Nanoseconds)
        : ICapturedPacket;

    /// <summary>
    /// Offers a whole burst: packet i with its filter result <paramref name="keep"/>[i] (0 rejects), in order,
    /// with exactly the outcome of calling <see cref="Offer"/> for each. This is the poll loop's hot path: runs of
    /// packets that fit the store are appended by <see cref="AppendWhileRoom{TPacket}"/>; between runs, the
    /// packet that did not fit makes room (a rotation) or is counted dropped.
    /// </summary>
    public void AppendBurst<TPacket>(ReadOnlySpan<TPacket> packets, ReadOnlySpan<uint> keep) where TPacket : struct, ICapturedPacket
    {
        keep = keep[..packets.Length]; // AppendWhileRoom reads keep unchecked up to packets.Length
        int i = AppendWhileRoom(packets, keep, 0);
        while (i < packets.Length)
        {
            // Packet i was kept but does not fit (or the store is handed over). The run before it is accounted
            // and _storeLength is current: a hand-over here publishes counters that hold every packet before it.
            if (!MakeRoom())
                i++; // MakeRoom counted it, dropped
            i = AppendWhileRoom(packets, keep, i);
        }
    }

    private int AppendWhileRoom<TPacket>(ReadOnlySpan<TPacket> packets, ReadOnlySpan<uint> keep, int from)
        where TPacket : struct, ICapturedPacket => _timestampFormat switch
    {
        TimestampFormat.Nanotime => AppendWhileRoom<TPacket, NanotimeFraction>(packets, keep, from),
        TimestampFormat.Microtime => AppendWhileRoom<TPacket, MicrotimeFraction>(packets, keep, from),
        _ => AppendWhileRoom<TPacket, BintimeFraction>(packets, keep, from),
    };

    /// <summary>
    /// Appends packets from <paramref name="from"/> on until one that is kept does not fit the store; accounts
    /// the packets it went past and returns the index of the one it stopped at (the burst's length if none).
    /// The loop makes no call and is specialised per timestamp format, so the JIT keeps the store's position, the
    /// limits and the counts in registers: a call inside it (MakeRoom, the clock read for the read timeout, a
    /// UInt128 division) had them spilled to the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // inlined, it would share AppendBurst's register allocation and its call
    private int AppendWhileRoom<TPacket, TFraction>(ReadOnlySpan<TPacket> packets, ReadOnlySpan<uint> keep, int from)
        where TPacket : struct, ICapturedPacket where TFraction : struct, ITimestampFraction
    {
        int headerLength = _headerLength;
        uint captureLimit = _captureLimit;
        byte* storeBase = _storeBase;
        byte* write = storeBase + _storeLength; // where the last record ends
        // Records end by here. A handed-over store takes nothing: the next kept packet stops the run.
        byte* end = storeBase + (_storeHandedOver ? 0 : _usable);
        ref uint keepFirst = ref MemoryMarshal.GetReference(keep); // keep.Length == packets.Length: no bounds check
        ulong captured = 0, bytes = 0;
        int i = from;
        for (; i < packets.Length; i++)
        {
            uint k = Unsafe.Add(ref keepFirst, i);
            if (k == 0)
                continue;
            ref readonly TPacket packet = ref packets[i];
            // caplen = min(filter result, bytes present, snaplen, usable size - hdrlen): truncated, never dropped for size.
            uint captureLength = Math.Min(Math.Min(k, packet.CaptureLength), captureLimit);
            byte* record = RecordHeader.Align(write); // offsets and addresses align alike: the buffers are (constructor)
            if (record + headerLength + captureLength > end)
                break;
            RecordHeader.Write(record, packet.Seconds, TFraction.FromNanoseconds(packet.Nanoseconds), captureLength,
                packet.WireLength, (ushort)headerLength);
            PacketCopy.Copy(record + headerLength, (byte*)packet.Data, captureLength);
            write = record + headerLength + captureLength;
            captured++;
            bytes += captureLength;
        }
        int storeLength = (int)(write - storeBase);
        if (_storeLength == 0 && storeLength > 0)
            _storeFirstTicks = Stopwatch.GetTimestamp(); // the buffer's first records: the read timeout counts from now
        _storeLength = storeLength;
        Account(i - from, captured, bytes);
        return i;
    }

    /// <summary><paramref name="received"/> packets seen, of which <paramref name="captured"/> were captured.</summary>
    private void Account(int received, ulong captured, ulong bytes)
    {
        _received += (ulong)received;
        _matched += captured;
        _captured += captured;
        _capturedBytes += bytes;
    }

    /// <summary>
    /// The store cannot take the record: rotate to a free buffer (true), or, with both buffers consumer-owned,
    /// make the full store visible (exactly once) and count the packet dropped (false).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MakeRoom()
    {
        if (!HasFreeBuffer() && !(_backpressure && WaitForFreeBuffer(long.MaxValue)))
        {
            if (!_storeHandedOver && _storeLength > 0)
            {
                HandOver(_store);
                _storeHandedOver = true;
            }
            _received++;
            _matched++;
            _dropped++;
            return false;
        }
        Rotate();
        return true;
    }

    /// <summary>
    /// Called by the poll loop after every short or empty burst and every eighth full one (TickSchedule): serves
    /// rotate/flush requests, applies immediate mode and the read timeout (no stuck packet on an idle link), and
    /// publishes the counters.
    /// </summary>
    public void Tick(long nowTicks)
    {
        _now = nowTicks;
        if (Volatile.Read(ref _pendingOptions) is not null)
            Apply(Interlocked.Exchange(ref _pendingOptions, null)!);
        if (Volatile.Read(ref _requests) != 0)
            ServeRequests(Interlocked.Exchange(ref _requests, 0));

        bool free = HasFreeBuffer(); // reclaim on every tick, so the published buffer state is current
        if (_storeHandedOver && free)
        {
            // A store handed over when full (with drops) is otherwise only rotated away by the next packet; on an
            // idle link, do it now so the state (and what is published) shows the buffer the consumer returned.
            Rotate();
            free = HasFreeBuffer();
        }
        if (_storeLength > 0 && !_storeHandedOver)
        {
            bool due = _immediate || nowTicks - _storeFirstTicks >= _timeoutTicks;
            if (due && free)
            {
                if (!_immediate)
                    _timeouts++;
                Rotate();
            }
        }
        Publish();
    }

    /// <summary>
    /// End of stream or stop: hands over whatever the store holds, waiting up to <paramref name="timeout"/>
    /// (infinite: until <see cref="Abandon"/>) for a free buffer. Returns false if the consumer never made room;
    /// the records stay counted as captured, and the buffer's contents are simply never published.
    /// </summary>
    public bool Drain(TimeSpan timeout)
    {
        bool delivered = true;
        if (_storeLength > 0 && !_storeHandedOver)
        {
            long deadline = timeout == Timeout.InfiniteTimeSpan
                ? long.MaxValue
                : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            delivered = HasFreeBuffer() || WaitForFreeBuffer(deadline);
            if (delivered)
                Rotate();
        }
        Publish();
        return delivered;
    }

    /// <summary>Force a rotation (BIOCROTZBUF): the next Tick hands over a non-empty store if a buffer is free.</summary>
    public void RequestRotate() => Interlocked.Or(ref _requests, RotateRequested);

    /// <summary>BIOCFLUSH: the next Tick discards the un-handed store and zeroes the counters, as bpf(4)'s reset_d.</summary>
    public void RequestFlush() => Interlocked.Or(ref _requests, FlushRequested);

    /// <summary>Who is told after each hand-over; set before the descriptor is attached to a poll thread, or
    /// swapped atomically later (the poll thread reads it once per hand-over).</summary>
    public IHandOverObserver? Observer
    {
        get => Volatile.Read(ref _observer);
        set => Volatile.Write(ref _observer, value);
    }

    /// <summary>The consumer is gone: a producer waiting on it (backpressure) gives up and counts drops instead.</summary>
    public void Abandon() => _abandoned = true;

    private void ServeRequests(int requests)
    {
        if ((requests & FlushRequested) != 0)
        {
            HasFreeBuffer();
            if (!_storeHandedOver)
                _storeLength = 0;
            _received = _matched = _captured = _dropped = _capturedBytes = 0;
        }
        if ((requests & RotateRequested) != 0 && _storeLength > 0 && !_storeHandedOver && HasFreeBuffer())
            Rotate();
    }

    /// <summary>Reclaims the hold buffer if the consumer acknowledged it (protocol step 1); true if a buffer is free.</summary>
    private bool HasFreeBuffer()
    {
        if (_otherIsHold)
        {
            int other = 1 - _store;
            // Acquire: partner of the consumer's release-store of user_gen; our next writes into this buffer
            // cannot move before this load, so the consumer has finished reading it.
            if (SharedHeader.AcquireUserGen(_base[other]) == _generation[other])
                _otherIsHold = false;
        }
        return !_otherIsHold;
    }

    private bool WaitForFreeBuffer(long deadlineTicks)
    {
        var spin = new SpinWait();
        while (!_abandoned && Stopwatch.GetTimestamp() < deadlineTicks)
        {
            if (HasFreeBuffer())
                return true;
            spin.SpinOnce();
        }
        return false;
    }

    /// <summary>store -> hold (handed over unless it already was), free -> store. Requires a free buffer.</summary>
    private void Rotate()
    {
        Debug.Assert(!_otherIsHold);
        if (!_storeHandedOver)
            HandOver(_store);
        _store = 1 - _store;
        _storeBase = _base[_store] + SharedHeader.Size;
        _otherIsHold = true;
        _storeHandedOver = false;
        _storeLength = 0;
    }

    /// <summary>Publishes the store: records and kernel_len first, then the release-increment of kernel_gen.</summary>
    private void HandOver(int index)
    {
        byte* buffer = _base[index];
        _handedOverAt[index] = _now;
        _handedOverLength[index] = _storeLength;
        _handOvers++;
        // Counters first: a consumer that reads this buffer and then asks for statistics must find its records
        // counted (once per hand-over, so the hot path does not pay for it per packet).
        Publish();
        SharedHeader.WriteKernelLen(buffer, (uint)_storeLength);
        SharedHeader.PublishKernelGen(buffer, ++_generation[index]);
        Volatile.Read(ref _observer)?.OnHandOver();
    }

    private void Publish()
    {
        int other = 1 - _store;
        int owned = (_otherIsHold ? 1 : 0) + (_storeHandedOver ? 1 : 0);
        long oldest = _otherIsHold ? _handedOverAt[other] : _storeHandedOver ? _handedOverAt[_store] : 0;
        _publisher.Publish(
            new DescriptorStatistics(_received, _matched, _captured, _dropped, _capturedBytes, _handOvers, _timeouts),
            new BufferStatus(owned, oldest, _storeHandedOver ? 0 : _storeLength, _otherIsHold ? _handedOverLength[other] : 0));
    }

    public void Dispose() => _buffers.Dispose();
}
