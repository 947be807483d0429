namespace Probe.Filter.Benchmarks.Quick;

/// <summary>One column of the quick table: an engine, and whether it is called once per burst or once per packet.</summary>
internal sealed record QuickEngine(string Name, FilterEngine Engine, bool Burst)
{
    /// <summary>
    /// The compiled engine as the poll loop calls it (RunBurst over bursts of 32), then every engine called once per
    /// packet with Run: compiled, interpreter, and libpcap's bpf_filter (which has no burst call).
    /// </summary>
    public static readonly QuickEngine[] All =
    [
        new("compiled burst", FilterEngine.Compiled, Burst: true),
        new("compiled", FilterEngine.Compiled, Burst: false),
        new("interpreter", FilterEngine.Interpreter, Burst: false),
        new("libpcap", FilterEngine.Libpcap, Burst: false),
    ];
}
