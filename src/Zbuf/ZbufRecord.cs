namespace Probe.Zbuf;

/// <summary>One record read in place from a consumer-owned buffer; valid only while its lease is held.</summary>
public readonly ref struct ZbufRecord
{
    public ZbufRecord(long seconds, ulong fraction, uint wireLength, ReadOnlySpan<byte> data)
    {
        Seconds = seconds;
        Fraction = fraction;
        WireLength = wireLength;
        Data = data;
    }

    public long Seconds { get; }

    /// <summary>tstamp.frac in the descriptor's <see cref="TimestampFormat"/>.</summary>
    public ulong Fraction { get; }

    /// <summary>datalen: the packet's length on the wire.</summary>
    public uint WireLength { get; }

    /// <summary>The captured bytes (caplen of them).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
