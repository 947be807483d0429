using System.Diagnostics;
using System.Text;

namespace Probe.Perf.Tests;

/// <summary>What one run of perf/run left behind: its exit code and what it said.</summary>
internal sealed record PerfRunResult(int ExitCode, string Output)
{
    /// <summary>The last lines of the output, for a failure message.</summary>
    public string Tail => string.Join('\n', Output.Split('\n').TakeLast(40));
}

/// <summary>Runs the repository's perf/run as a separate process, the way a person runs it.</summary>
internal static class PerfRun
{
    /// <summary>
    /// perf/run --quick --no-setup --out DIR. --no-setup: the test suite runs after ./scripts/setup.sh
    /// (scripts/test.sh runs it first), and setup's build of the whole solution from inside one of the
    /// solution's own test runs would rebuild the assemblies under test while they run.
    /// </summary>
    public static PerfRunResult Quick(string outDirectory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "perf", "run"))
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--quick", "--no-setup", "--out", outDirectory })
            start.ArgumentList.Add(arg);
        // A RUNS left in the environment would turn the smoke test into a full measurement.
        start.Environment.Remove("RUNS");
        start.Environment.Remove("QUICK");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        // Both streams read as they come: a full pipe would stop the run.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            // perf/run passes TERM on to the running section, whose trap removes its veths and processes.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                process.Kill(entireProcessTree: true);
            lock (output)
                return new PerfRunResult(-1, output + $"\n(perf/run did not finish within {limit.TotalSeconds} s and was stopped)");
        }
        process.WaitForExit(); // the asynchronous readers have seen the end of both streams
        lock (output)
            return new PerfRunResult(process.ExitCode, output.ToString());
    }
}
