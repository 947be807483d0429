namespace Probe.Zbuf;

/// <summary>
/// A consumer-owned buffer, leased from a <see cref="ZbufReader"/> until <see cref="ZbufReader.Release"/>.
/// The producer cannot touch the bytes while the lease is held; using a lease after its release is a bug
/// that the debug build turns into an exception (the bytes may already be rewritten).
/// </summary>
public readonly unsafe struct ZbufLease
{
    private readonly ZbufReader _reader;
    private readonly byte* _records;
    private readonly int _version;

    internal ZbufLease(ZbufReader reader, int bufferIndex, uint generation, byte* records, int length, int version)
    {
        _reader = reader;
        BufferIndex = bufferIndex;
        Generation = generation;
        _records = records;
        Length = length;
        _version = version;
    }

    /// <summary>0 for buffer A, 1 for B.</summary>
    public int BufferIndex { get; }

    /// <summary>kernel_gen at acquisition: the value the release writes to user_gen.</summary>
    public uint Generation { get; }

    /// <summary>kernel_len, clamped to the buffer's usable size.</summary>
    public int Length { get; }

    internal int Version => _version;

    /// <summary>The record bytes after the header, in place.</summary>
    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            _reader.CheckLive(this);
            return new ReadOnlySpan<byte>(_records, Length);
        }
    }

    public RecordEnumerator Records => new(Bytes);

    /// <summary>The records from <paramref name="offset"/> (a <see cref="RecordEnumerator.NextOffset"/>) on.</summary>
    public RecordEnumerator RecordsFrom(int offset) => new(Bytes, offset);
}
