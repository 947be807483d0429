using BenchmarkDotNet.Running;

// dotnet run -c Release --project perf/Filter.Benchmarks -- --filter '*'   (see perf/README.md, "## Filters")
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
