using System.Globalization;

namespace Probe.Filter.Benchmarks.Quick;

/// <summary>The quick mode's command line: <c>--quick-tsv [--runs N] [--cell-ms MS] [--warmup-ms MS]</c>.</summary>
internal sealed record QuickOptions(int Runs, double CellMilliseconds, double WarmupMilliseconds)
{
    public const string Usage = "usage: Filter.Benchmarks --quick-tsv [--runs N (5)] [--cell-ms MS (60)] [--warmup-ms MS (150)]";

    /// <exception cref="ArgumentException">an unknown option or a value that is not a positive number</exception>
    public static QuickOptions Parse(IReadOnlyList<string> args)
    {
        var options = new QuickOptions(Runs: 5, CellMilliseconds: 60, WarmupMilliseconds: 150);
        for (int i = 0; i < args.Count; i += 2)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value; {Usage}");
            options = name switch
            {
                "--runs" => options with { Runs = (int)Positive(name, value) },
                "--cell-ms" => options with { CellMilliseconds = Positive(name, value) },
                "--warmup-ms" => options with { WarmupMilliseconds = Positive(name, value) },
                _ => throw new ArgumentException($"unknown option '{name}'; {Usage}"),
            };
        }
        return options;
    }

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number > 0 && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} '{value}' is not a positive number; {Usage}");
}
