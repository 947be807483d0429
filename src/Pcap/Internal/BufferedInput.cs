namespace Probe.Pcap.Internal;

/// <summary>
/// A read-ahead window over a stream that knows the file offset of every byte it holds. Parsers look at
/// <see cref="Buffer"/> from <see cref="Start"/> in place (no copy per packet) and then <see cref="Advance"/>.
/// Invariant: bytes from Start to Start + (value returned by the last <see cref="Ensure"/>) stay where they are until
/// the next Ensure, which may compact or grow the buffer and so invalidates every span handed out before it.
/// </summary>
internal sealed class BufferedInput
{
    private const int DefaultCapacity = 256 * 1024;
    private const int MinimumCapacity = 4096;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _endOfInput;

    public BufferedInput(Stream stream)
    {
        _stream = stream;
        _buffer = new byte[InitialCapacity(stream)];
    }

    public byte[] Buffer => _buffer;

    /// <summary>Index in <see cref="Buffer"/> of the next unconsumed byte.</summary>
    public int Start => _start;

    /// <summary>File offset of the next unconsumed byte.</summary>
    public long Position => _bufferFileOffset + _start;

    /// <summary>
    /// Makes up to <paramref name="count"/> bytes available from <see cref="Start"/>; returns how many are (fewer
    /// only at the end of the input). Reads as much as fits at once, so small records cost no system call each.
    /// </summary>
    public int Ensure(int count)
    {
        int available = _end - _start;
        return available >= count ? count : Refill(count);
    }

    public void Advance(int count) => _start += count;

    /// <summary>A small file gets a small buffer: opening many of them should not churn the large-object heap.</summary>
    private static int InitialCapacity(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return DefaultCapacity;
        }

        long remaining = stream.Length - stream.Position;
        return (int)Math.Clamp(remaining, MinimumCapacity, DefaultCapacity);
    }

    private int Refill(int count)
    {
        if (count > _buffer.Length - _start)
        {
            MakeRoom(count);
        }

        while (_end - _start < count && !_endOfInput)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                // A pipe or file returns 0 only at its end; later records are not waited for (as fread in libpcap).
                _endOfInput = true;
            }
            else
            {
                _end += read;
            }
        }

        return Math.Min(count, _end - _start);
    }

    private void MakeRoom(int count)
    {
        int live = _end - _start;
        byte[] target = _buffer;
        if (count > _buffer.Length)
        {
            // Grow to the next power of two: a record larger than the window is rare (jumbo, D-Bus), so its size wins.
            target = new byte[(int)Math.Min(Array.MaxLength, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count))];
        }

        System.Buffer.BlockCopy(_buffer, _start, target, 0, live);
        _buffer = target;
        _bufferFileOffset += _start;
        _start = 0;
        _end = live;
    }
}
