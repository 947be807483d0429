using System.Diagnostics;

namespace Probe.Ingest.Tests;

/// <summary>Runs a command-line tool (tcpdump, ip, probe-send, ...) to completion and returns its output.</summary>
internal static class Tool
{
    /// <summary>Standard output of <paramref name="file"/>; fails the test, with its standard error, unless it exits 0.
    /// Empty arguments are left out (an empty filter means none).</summary>
    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args.Where(a => a.Length > 0))
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err.Result}");
        return output;
    }
}
