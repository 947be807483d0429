using System.Buffers.Binary;

namespace Probe.Zbuf;

/// <summary>
/// Walks the records of one buffer defensively: every advance is clamped to kernel_len, packet bytes are
/// found through each record's own hdrlen, and the padding is never read. A record that claims more bytes
/// than the buffer holds stops the walk and sets <see cref="Error"/>: the producer is not trusted blindly.
/// </summary>
public ref struct RecordEnumerator
{
    private readonly ReadOnlySpan<byte> _records;
    private int _next;
    private ZbufRecord _current;

    internal RecordEnumerator(ReadOnlySpan<byte> records, int start = 0)
    {
        _records = records;
        _next = start;
        _current = default;
        Error = null;
    }

    /// <summary>Why the walk stopped early, or null if it reached kernel_len cleanly.</summary>
    public string? Error { get; private set; }

    public readonly ZbufRecord Current => _current;

    /// <summary>Where the record after <see cref="Current"/> starts: resume there with <see cref="ZbufLease.RecordsFrom"/>.</summary>
    public readonly int NextOffset => _next;

    public readonly RecordEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int offset = _next;
        if (offset >= _records.Length || Error is not null)
            return false;
        if (_records.Length - offset < RecordHeader.Size)
            return Fail(offset, $"{_records.Length - offset} bytes left, less than a record header");

        ReadOnlySpan<byte> header = _records.Slice(offset, RecordHeader.Size);
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(header[RecordHeader.SecondsOffset..]);
        ulong fraction = BinaryPrimitives.ReadUInt64LittleEndian(header[RecordHeader.FractionOffset..]);
        uint captureLength = BinaryPrimitives.ReadUInt32LittleEndian(header[RecordHeader.CaptureLengthOffset..]);
        uint wireLength = BinaryPrimitives.ReadUInt32LittleEndian(header[RecordHeader.WireLengthOffset..]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(header[RecordHeader.HeaderLengthOffset..]);

        if (headerLength < RecordHeader.Size)
            return Fail(offset, $"hdrlen {headerLength} is shorter than the record header");
        long end = (long)offset + headerLength + captureLength;
        if (end > _records.Length)
            return Fail(offset, $"caplen {captureLength} runs past kernel_len {_records.Length}");

        _current = new ZbufRecord(seconds, fraction, wireLength, _records.Slice(offset + headerLength, (int)captureLength));
        _next = (int)Math.Min(RecordHeader.Align((int)end), _records.Length);
        return true;
    }

    private bool Fail(int offset, string reason)
    {
        Error = $"malformed record at offset {offset}: {reason}";
        return false;
    }
}
