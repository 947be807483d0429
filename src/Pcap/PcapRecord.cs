using System.Diagnostics;

namespace Probe.Pcap;

/// <summary>
/// One packet as libpcap 1.10.3 hands it out: lengths after the snapshot-length cut, pseudo-headers converted to host
/// byte order, time stamp unnormalised. <see cref="Data"/> points into the reader's buffer and is valid only until the
/// reader's next <see cref="PcapFileReader.TryRead"/> or <see cref="PcapFileReader.Dispose"/>; a Debug build throws
/// when it is used after that.
/// </summary>
public readonly struct PcapRecord
{
    private readonly byte[] _buffer;
    private readonly int _offset;
    private readonly PcapFileReader? _owner;
    private readonly int _generation;

    internal PcapRecord(
        byte[] buffer,
        int offset,
        int captureLength,
        uint wireLength,
        long seconds,
        ulong nanoseconds,
        ulong microseconds,
        int interfaceId,
        PcapFileReader owner,
        int generation)
    {
        _buffer = buffer;
        _offset = offset;
        CaptureLength = captureLength;
        WireLength = wireLength;
        Seconds = seconds;
        Nanoseconds = nanoseconds;
        Microseconds = microseconds;
        InterfaceId = interfaceId;
        _owner = owner;
        _generation = generation;
    }

    /// <summary>
    /// Seconds since the epoch. pcap files store an unsigned 32-bit value and it is returned unsigned (0..2^32-1).
    /// (libpcap 1.10.3 itself sign-extends it for files in host byte order, so a time past 2038 reads there as a
    /// negative number; written back, both give the same 32 bits.) pcapng seconds are
    /// (timestamp / if_tsresol + if_tsoffset) as libpcap computes them, in unsigned 64-bit arithmetic.
    /// </summary>
    public long Seconds { get; }

    /// <summary>
    /// The fraction of a second in nanoseconds, as libpcap delivers it at nanosecond precision. NOT normalised: a
    /// microsecond pcap file's raw field is multiplied by 1000 whatever its value (usec &gt;= 1000000 happens), so
    /// writing it back gives the raw field again.
    /// </summary>
    public ulong Nanoseconds { get; }

    /// <summary>
    /// The fraction as libpcap delivers it at microsecond precision (what tcpdump writes by default; the writers use
    /// it at that precision). Equal to <see cref="Nanoseconds"/> / 1000 except for two kinds of garbage that libpcap
    /// scales its own way: pcapng binary resolutions finer than 2^-34 s (its 64-bit multiplication overflows at
    /// nanosecond precision) and, in a host-order nanosecond pcap file, a field of 2^31 or more (divided as a signed int).
    /// </summary>
    public ulong Microseconds { get; }

    /// <summary>Bytes present in <see cref="Data"/> (caplen).</summary>
    public int CaptureLength { get; }

    /// <summary>The packet's length on the wire (len); libpcap tolerates a value below <see cref="CaptureLength"/>.</summary>
    public uint WireLength { get; }

    /// <summary>pcapng interface index the packet arrived on (0 for pcap files and Simple Packet Blocks).</summary>
    public int InterfaceId { get; }

    /// <summary>The captured bytes, in the reader's buffer: valid until the next read.</summary>
    public ReadOnlySpan<byte> Data
    {
        get
        {
            AssertLeaseHeld();
            return new ReadOnlySpan<byte>(_buffer, _offset, CaptureLength);
        }
    }

    /// <summary>The captured bytes as memory over the reader's buffer: valid until the next read.</summary>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            AssertLeaseHeld();
            return new ReadOnlyMemory<byte>(_buffer, _offset, CaptureLength);
        }
    }

    [Conditional("DEBUG")]
    private void AssertLeaseHeld()
    {
        // The reader bumps its generation before every read and on Dispose: the bytes may have moved since.
        if (_owner is not null && _owner.Generation != _generation)
        {
            throw new InvalidOperationException("PcapRecord data used after the reader moved on to the next record.");
        }
    }
}
