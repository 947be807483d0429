using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Probe.Filter.Benchmarks.Quick;

/// <summary>
/// <c>Filter.Benchmarks --quick-tsv</c>: ns per packet for every filter of <see cref="FilterBenchmarks"/> on every
/// <see cref="QuickEngine"/>, over the same Hot arena, in seconds rather than BenchmarkDotNet's 40 minutes (for
/// perf/sections/filters.sh). Each run times one pass per cell, about <see cref="QuickOptions.CellMilliseconds"/>
/// long, the cells taking turns (every filter on every engine, then the next run), so load from elsewhere falls on
/// all engines alike. Before the first run every cell is warmed up until the JIT's tiering and dynamic PGO have
/// settled (see <see cref="WarmUp"/>), and its pass length calibrated.
/// Prints TSV on stdout: <c>run filter engine ns_per_packet</c>, one row per run and cell.
/// </summary>
internal static class QuickFilterTimer
{
    /// <summary>Defeats dead-code elimination: every pass's sum of results lands here.</summary>
    private static uint s_sink;

    private const int MaxWarmupRounds = 6;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        QuickOptions options;
        try
        {
            options = QuickOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            log.WriteLine($"Filter.Benchmarks: {e.Message}");
            return 2;
        }

        using var arena = new PacketArena(FilterBenchmarks.HotFrames, shuffled: false, FilterBenchmarks.Seed);
        List<Cell> cells = CreateCells(arena);
        if (!ResultsAgree(cells, arena, log))
            return 1;

        var clock = Stopwatch.StartNew();
        int rounds = WarmUp(cells, arena, options);
        log.WriteLine($"Filter.Benchmarks: {cells.Count} cells warmed up ({rounds} rounds) and calibrated in {clock.Elapsed.TotalSeconds:F1} s");

        output.WriteLine("run\tfilter\tengine\tns_per_packet");
        for (int run = 1; run <= options.Runs; run++)
        {
            foreach (Cell cell in cells)
            {
                double nanoseconds = cell.TimedPassNanoseconds(arena, cell.CalibratedPasses);
                double perPacket = nanoseconds / (cell.CalibratedPasses * (double)arena.Count);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run}\t{cell.Expression}\t{cell.Engine.Name}\t{perPacket:F3}"));
            }
            output.Flush();
        }
        log.WriteLine($"Filter.Benchmarks: {options.Runs} runs in {clock.Elapsed.TotalSeconds:F1} s in all");
        return 0;
    }

    /// <summary>
    /// Warms every cell up, round after round, until a round makes no cell more than 10 % faster than its best in the
    /// rounds before (at most <see cref="MaxWarmupRounds"/> rounds), then sizes each cell's timed pass from its best.
    /// Why rounds: the tiering JIT takes a method through instrumented to optimised code in steps, each after a quiet
    /// spell of 100 ms in which no new method was jitted (DOTNET_TC_CallCountingDelayMs), so every new cell's first
    /// calls postpone the steps of the cells before it: one warm-up per cell left the first cell running unoptimised
    /// code into the first run. filters.sh sets that delay to 0; it then settles in two or three rounds.
    /// Best, not last: load from elsewhere only ever makes a pass slower.
    /// </summary>
    /// <returns>the number of rounds run</returns>
    private static int WarmUp(List<Cell> cells, PacketArena arena, QuickOptions options)
    {
        double[] best = cells.Select(_ => double.PositiveInfinity).ToArray();
        for (int round = 1; ; round++)
        {
            double[] current = cells.Select(cell => cell.WarmUp(arena, options.WarmupMilliseconds)).ToArray();
            bool settled = current.Zip(best).All(pair => pair.First >= 0.9 * pair.Second);
            best = current.Zip(best).Select(pair => Math.Min(pair.First, pair.Second)).ToArray();
            if (settled || round == MaxWarmupRounds)
            {
                foreach ((Cell cell, double perPass) in cells.Zip(best))
                    cell.Calibrate(perPass, options.CellMilliseconds);
                return round;
            }
        }
    }

    /// <summary>The filter set of the BenchmarkDotNet benchmarks, read from its [Params] so the two never drift apart.</summary>
    private static IEnumerable<string> Filters() =>
        typeof(FilterBenchmarks).GetProperty(nameof(FilterBenchmarks.Filter))!.GetCustomAttribute<ParamsAttribute>()!.Values.Cast<string>();

    private static List<Cell> CreateCells(PacketArena arena)
    {
        if (arena.Count % FilterBenchmarks.BurstSize != 0)
            throw new InvalidOperationException($"the arena's {arena.Count} frames are not whole bursts of {FilterBenchmarks.BurstSize}");
        var cells = new List<Cell>();
        foreach (string filter in Filters())
        {
            foreach (QuickEngine engine in QuickEngine.All)
            {
                if (cells.Count == CellTag.MaxCells)
                    throw new InvalidOperationException($"more than {CellTag.MaxCells} cells: CellTag needs more digits");
                Type loops = typeof(CellLoops<>).MakeGenericType(CellTag.For(cells.Count));
                var pass = (TimedPass)loops.GetField(engine.Burst ? nameof(CellLoops<int>.Bursts) : nameof(CellLoops<int>.PerPacket))!.GetValue(null)!;
                cells.Add(new Cell(filter, engine, FilterBenchmarks.CreateFilter(filter, engine.Engine), pass));
            }
        }
        return cells;
    }

    /// <summary>Every engine must keep the same bytes of the same packets: a wrong engine would otherwise just look fast.</summary>
    private static bool ResultsAgree(List<Cell> cells, PacketArena arena, TextWriter log)
    {
        bool agree = true;
        foreach (IGrouping<string, Cell> filter in cells.GroupBy(cell => cell.Expression))
        {
            var kept = filter.Select(cell => (cell.Engine.Name, Kept: cell.Pass(cell.Instance, arena, cell.Results, 1))).ToList();
            if (kept.Select(k => k.Kept).Distinct().Count() != 1)
            {
                log.WriteLine($"Filter.Benchmarks: engines disagree on '{filter.Key}' (sum of results over the arena): "
                    + string.Join(", ", kept.Select(k => $"{k.Name} {k.Kept}")));
                agree = false;
            }
        }
        return agree;
    }

    /// <summary>One filter expression on one engine, with its own timing loops.</summary>
    private sealed class Cell(string expression, QuickEngine engine, IPacketFilter instance, TimedPass pass)
    {
        public string Expression { get; } = expression;
        public QuickEngine Engine { get; } = engine;
        public IPacketFilter Instance { get; } = instance;
        public TimedPass Pass { get; } = pass;
        public uint[] Results { get; } = new uint[FilterBenchmarks.BurstSize];

        /// <summary>Arena passes per timed pass, so that one lasts about the requested time.</summary>
        public long CalibratedPasses { get; private set; } = 1;

        public double TimedPassNanoseconds(PacketArena arena, long passes)
        {
            long start = Stopwatch.GetTimestamp();
            s_sink += Pass(Instance, arena, Results, passes);
            return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        /// <summary>Runs passes of about a millisecond for <paramref name="milliseconds"/>.</summary>
        /// <returns>ns per arena pass in the fastest of them</returns>
        public double WarmUp(PacketArena arena, double milliseconds)
        {
            long passes = 1;
            double spent = 0, fastest = double.PositiveInfinity;
            while (spent < milliseconds * 1e6)
            {
                double elapsed = TimedPassNanoseconds(arena, passes);
                spent += elapsed;
                fastest = Math.Min(fastest, elapsed / passes);
                if (elapsed < 1e6)
                    passes *= 2;
            }
            return fastest;
        }

        /// <summary>Sizes the timed pass to last about <paramref name="milliseconds"/> at <paramref name="nanosecondsPerPass"/>.</summary>
        public void Calibrate(double nanosecondsPerPass, double milliseconds) =>
            CalibratedPasses = Math.Max(1, (long)(milliseconds * 1e6 / nanosecondsPerPass));
    }
}
