namespace Probe.Capture;

/// <summary>tcpdump's savefile rotation: -C (millions of bytes per file) and -W (how many files to cycle through).</summary>
public sealed record RotationPolicy
{
    /// <summary>-C: start a new file before a packet when the current one is larger than this many bytes.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>-W: with -C, reuse names after this many files (a ring); the names get leading zeros.</summary>
    public int? FileCount { get; init; }

    public static readonly RotationPolicy None = new();
}
