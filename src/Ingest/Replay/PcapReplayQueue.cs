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

    private readonly PcapFileReader _reader;
    private readonly bool _microsecond;
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

    /// <param name="precision">timestamps as libpcap delivers them at this precision, so a microsecond output
    /// file gets exactly the values `tcpdump -r F -w OUT` writes</param>
    public PcapReplayQueue(PcapFileReader reader, TimestampPrecision precision = TimestampPrecision.Nanosecond)
    {
        _reader = reader;
        _microsecond = precision == TimestampPrecision.Microsecond;
    }

    public string Device => _reader.FileName;
    public int QueueId => 0;
    public int LinkType => _reader.LinkType;
    public uint SnapLength => (uint)_reader.SnapLength;
    public bool IsLossless => true;
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

        while (count < packets.Length && !_exhausted && _fault is null)
        {
            PcapRecord record;
            try
            {
                if (!_reader.TryRead(out record))
                {
                    _exhausted = true;
                    break;
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
                Nanoseconds = _microsecond ? record.Microseconds * 1000 : record.Nanoseconds,
            };
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

    public void Dispose() => _reader.Dispose();
}
