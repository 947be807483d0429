namespace Probe.Zbuf;

/// <summary>Per-descriptor settings, mirroring the bpf(4) ioctls a zero-copy consumer uses.</summary>
public sealed record DescriptorOptions
{
    /// <summary>The source's link type (LINKTYPE_*); sets the record padding (hdrlen).</summary>
    public int LinkType { get; init; } = 1;

    /// <summary>Bytes kept per packet at most (BIOCSETSNAPLEN semantics: applies after the filter's own limit).</summary>
    public uint SnapLength { get; init; } = 262144;

    public TimestampFormat TimestampFormat { get; init; } = TimestampFormat.Nanotime;

    /// <summary>A non-empty store is handed over this long after its first packet, with no call from the
    /// consumer. Zero disables the timeout (only full buffers, rotation requests and flushes hand over).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Hand the store over at the end of every poll iteration (BIOCIMMEDIATE).</summary>
    public bool Immediate { get; init; }

    /// <summary>
    /// Wait for the consumer instead of dropping when both buffers are consumer-owned. Only for sources that
    /// can wait without loss (a file being replayed); a live queue must never block on a consumer.
    /// </summary>
    public bool Backpressure { get; init; }
}
