using System.Globalization;

namespace Probe.Ingest.AfXdp;

/// <summary>The effective capability set of the calling thread (capabilities are per thread in Linux).</summary>
internal readonly struct Capabilities
{
    private readonly ulong _effective;

    public Capabilities(ulong effective) => _effective = effective;

    /// <summary>Reads CapEff from /proc/thread-self/status.</summary>
    public static Capabilities Current()
    {
        foreach (string line in File.ReadLines("/proc/thread-self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return new Capabilities(ulong.Parse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException("/proc/thread-self/status has no CapEff line");
    }

    public bool Has(Capability capability) => (_effective & (1UL << capability.Number)) != 0;
}
