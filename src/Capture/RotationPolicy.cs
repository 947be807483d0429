namespace Probe.Capture;

/// <summary>tcpdump's savefile rotation: -C (millions of bytes per file) and -W (how many files to cycle through).</summary>
public sealed record RotationPolicy
{
    /// <summary>-C: start a new file before a packet when the current one is larger than this many bytes.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>-W: with -C, reuse names after this many files (a ring); the names get leading zeros. With -G alone,
    /// stop after this many files.</summary>
    public int? FileCount { get; init; }

    /// <summary>-G: start a new file (named by strftime of the -w name) every this many seconds.</summary>
    public int? Seconds { get; init; }

    public static readonly RotationPolicy None = new();
}
