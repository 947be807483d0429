using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Probe.Pcap;

namespace Probe.Ingest.Replay;

/// <summary>
/// Replays a pcap or pcapng file as one rx queue. Each burst's packets are copied into a pinned arena (the
/// stand-in for a NIC's DMA memory) so a whole burst stays valid at once; a malformed record ends the replay
/// with an <see cref="RxSourceException"/>, but only after every packet before it has been delivered.
/// </summary>
public sealed unsafe class PcapReplayQueue : IRxQueue
{
    private const int ArenaSize = 1 << 20;

    private readonly Func<PcapFileReader>? _reopen;
    private readonly ReplayOptions _options;
    private readonly bool _microsecond;
    private PcapFileReader _reader;
    private int _passesDone;
    private ulong _packetsAtPassStart;
    private long _startTicks;
    private readonly byte[] _arena = GC.AllocateUninitializedArray<byte>(ArenaSize, pinned: true);
    // A record that did not fit in the arena is copied to a spill buffer and comes first in the next burst. Two
    // buffers alternate, because that burst may spill again while the first spilled packet is still in use.
    private readonly byte[][] _spills = [[], []];
    private int _spillIndex;
    private RxPacket _spilled;
    private bool _hasSpilled;
    private PcapFormatException? _fault;
    private bool _exhausted;
    private ulong _packets, _bytes;

    /// <summary>Replays an open file once.</summary>
    public PcapReplayQueue(PcapFileReader reader, ReplayOptions? options = null)
    {
        _reader = reader;
        _options = options ?? new ReplayOptions();
        _microsecond = _options.Precision == TimestampPrecision.Microsecond;
    }

    /// <summary>Replays a file by path, as many passes as <paramref name="options"/> asks.</summary>
    public PcapReplayQueue(string path, ReplayOptions options)
        : this(PcapFileReader.OpenFile(path), options)
    {
        _reopen = () => PcapFileReader.OpenFile(path);
    }

    public string Device => _options.Device ?? _reader.FileName;
    public int QueueId => 0;
    public int LinkType => _reader.LinkType;
    public uint SnapLength => (uint)_reader.SnapLength;
    public bool IsLossless => _options.Lossless;
    public bool IsExhausted => _exhausted && !_hasSpilled && _fault is null;
    public PcapFileReader Reader => _reader;

    public RxQueueStatistics Statistics => new(Volatile.Read(ref _packets), Volatile.Read(ref _bytes), 0, 0, 0);

    public int Receive(Span<RxPacket> packets)
    {
        int count = 0;
        int used = 0;
        if (_hasSpilled)
        {
            packets[count++] = _spilled;
            _hasSpilled = false;
        }
        else if (_fault is not null)
        {
            PcapFormatException fault = _fault;
            _fault = null;
            _exhausted = true;
            throw new RxSourceException(fault.Message, fault);
        }

        int limit = Math.Min(packets.Length, Allowance());
        while (count < limit && !_exhausted && _fault is null)
        {
            PcapRecord record;
            try
            {
                if (!_reader.TryRead(out record))
                {
                    if (!NextPass())
                        _exhausted = true;
                    continue;
                }
            }
            catch (PcapFormatException e)
            {
                _fault = e; // reported by the next call, after this burst is delivered
                break;
            }

            ReadOnlySpan<byte> data = record.Data;
            byte* target;
            bool fits = used + data.Length <= _arena.Length;
            if (fits)
            {
                target = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_arena)) + used;
                used += data.Length;
            }
            else
            {
                _spillIndex ^= 1;
                if (_spills[_spillIndex].Length < Math.Max(data.Length, 1))
                    _spills[_spillIndex] = GC.AllocateUninitializedArray<byte>(Math.Max(data.Length, 1), pinned: true);
                target = (byte*)Unsafe.AsPointer(ref _spills[_spillIndex][0]);
            }
            data.CopyTo(new Span<byte>(target, data.Length));

            var packet = new RxPacket
            {
                Data = (nint)target,
                CaptureLength = (uint)data.Length,
                WireLength = record.WireLength,
                Seconds = record.Seconds,
                // A pcap file keeps 32 bits of sub-second field; libpcap's own microsecond value can be a
                // sign-extended garbage field, whose low 32 bits are all a file ever shows and whose x1000 fits.
                Nanoseconds = _microsecond ? (uint)record.Microseconds * 1000UL : record.Nanoseconds,
            };
            if (_options.RetimeToNow)
                Retime(ref packet);
            _packets++;
            _bytes += (ulong)data.Length;
            if (!fits)
            {
                _spilled = packet;
                _hasSpilled = true;
                break;
            }
            packets[count++] = packet;
        }
        return count;
    }

    /// <summary>How many packets the rate limit lets through now (unlimited without one).</summary>
    private int Allowance()
    {
        if (_options.RatePps <= 0)
            return int.MaxValue;
        long now = Stopwatch.GetTimestamp();
        if (_startTicks == 0)
            _startTicks = now;
        double due = (now - _startTicks) * (double)_options.RatePps / Stopwatch.Frequency;
        return (int)Math.Clamp((long)due - (long)_packets, 0, int.MaxValue);
    }

    private bool NextPass()
    {
        _passesDone++;
        // An empty file would otherwise loop forever without delivering anything.
        bool emptyPass = _packets == _packetsAtPassStart;
        if (_reopen is null || emptyPass || (_options.Passes > 0 && _passesDone >= _options.Passes))
            return false;
        _packetsAtPassStart = _packets;
        _reader.Dispose();
        _reader = _reopen();
        return true;
    }

    private static void Retime(ref RxPacket packet) => (packet.Seconds, packet.Nanoseconds) = RealTime.Now();

    public void Dispose() => _reader.Dispose();
}
