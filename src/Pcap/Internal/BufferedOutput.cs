namespace Probe.Pcap.Internal;

/// <summary>
/// Collects small writes (record headers, short packets) into one buffer so that a stream write carries many
/// records; a payload too large to be worth copying goes straight to the stream after what is buffered.
/// </summary>
internal sealed class BufferedOutput
{
    private const int Capacity = 256 * 1024;
    private const int DirectWriteThreshold = Capacity / 4;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[Capacity];
    private int _used;

    public BufferedOutput(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Bytes accepted so far, flushed or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>A span of exactly <paramref name="size"/> bytes to fill; <see cref="Commit"/> it before any other call.</summary>
    public Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _used < size)
        {
            FlushBuffer();
        }

        return _buffer.AsSpan(_used, size);
    }

    public void Commit(int size)
    {
        _used += size;
        BytesWritten += size;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= DirectWriteThreshold)
        {
            FlushBuffer();
            _stream.Write(bytes);
        }
        else
        {
            if (_buffer.Length - _used < bytes.Length)
            {
                FlushBuffer();
            }

            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        BytesWritten += bytes.Length;
    }

    /// <summary>Hands everything buffered to the stream and flushes the stream (a file rotation point).</summary>
    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    private void FlushBuffer()
    {
        if (_used != 0)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
