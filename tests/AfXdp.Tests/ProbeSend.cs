using System.Globalization;
using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// native/tools/probe-send, compiled from its source once per test run (so the tested sender is the checked-in one),
/// run inside a lab's namespace.
/// </summary>
public static partial class ProbeSend
{
    private static readonly Lazy<string> Binary = new(Build);

    public sealed record Result(long Sent, long Refused, long Bytes, double Seconds, double Pps, string Output);

    /// <summary>Sends <paramref name="file"/> on the lab's sender side; <paramref name="extra"/> adds options
    /// (-C CPU, -n LOOPS, -p PPS, -Q, ...).</summary>
    public static Result Send(VethLab lab, string file, params string[] extra)
    {
        ProcessRunner.Result run = ProcessRunner.Run("ip",
            ["netns", "exec", lab.Namespace, Binary.Value, "-q", "-i", lab.SenderInterface, "-r", file, .. extra],
            TimeSpan.FromSeconds(120));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"probe-send failed: {run}");
        Match m = Summary().Match(run.Output);
        if (!m.Success)
            throw new InvalidOperationException($"probe-send printed no summary: {run}");
        double Number(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        return new Result((long)Number("sent"), (long)Number("refused"), (long)Number("bytes"), Number("seconds"),
            Number("pps"), run.Output);
    }

    public static string Path => Binary.Value;

    private static string Build()
    {
        string source = System.IO.Path.Combine(RepoPaths.Root, "native", "tools", "probe_send.c");
        string binary = System.IO.Path.Combine(AppContext.BaseDirectory, "probe-send");
        ProcessRunner.Check("cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary, source, "-lpcap");
        return binary;
    }

    [GeneratedRegex(@"sent=(?<sent>\d+) refused=(?<refused>\d+) retried=\d+ bytes=(?<bytes>\d+) seconds=(?<seconds>[\d.]+) pps=(?<pps>\d+)")]
    private static partial Regex Summary();
}
