using BenchmarkDotNet.Running;
using Probe.Filter.Benchmarks.Quick;

// dotnet run -c Release --project perf/Filter.Benchmarks -- --filter '*'   (see perf/README.md, "## Filters")
// Filter.Benchmarks --quick-tsv [--runs N] [--cell-ms MS]: the same cells timed with a Stopwatch in seconds (perf/sections/filters.sh).
if (args is ["--quick-tsv", .. var quick])
    return QuickFilterTimer.Run(quick, Console.Out, Console.Error);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
