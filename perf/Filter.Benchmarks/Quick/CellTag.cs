namespace Probe.Filter.Benchmarks.Quick;

/// <summary>
/// A distinct value type per measured cell, to instantiate <see cref="CellLoops{TTag}"/> with. The JIT compiles a
/// generic over a value type once per type argument, so every cell gets timing loops of its own, and with them
/// call sites of its own: dynamic PGO then sees one filter class at each site and devirtualises the interface
/// call as it does in BenchmarkDotNet's one-process-per-benchmark runs, instead of profiling a site shared by all
/// engines and filters.
/// </summary>
internal static class CellTag
{
    private static readonly Type[] Digits =
        [typeof(D0), typeof(D1), typeof(D2), typeof(D3), typeof(D4), typeof(D5), typeof(D6), typeof(D7), typeof(D8), typeof(D9)];

    public const int MaxCells = 100;

    /// <summary>The tag type of cell <paramref name="cell"/> (0 to 99).</summary>
    public static Type For(int cell)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cell, MaxCells);
        return typeof(Tag<,>).MakeGenericType(Digits[cell / 10], Digits[cell % 10]);
    }

    private readonly struct Tag<TTens, TUnits>;

    private readonly struct D0;
    private readonly struct D1;
    private readonly struct D2;
    private readonly struct D3;
    private readonly struct D4;
    private readonly struct D5;
    private readonly struct D6;
    private readonly struct D7;
    private readonly struct D8;
    private readonly struct D9;
}
