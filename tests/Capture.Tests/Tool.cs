using System.Diagnostics;

namespace Probe.Capture.Tests;

/// <summary>Runs a real program (tcpdump, tshark, the zcap launcher) and collects what it printed.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new Result(p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>zcap as a separate process, from this build's output.</summary>
    public static Result Zcap(params string[] arguments) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "zcap.dll"), .. arguments]);

    /// <summary>zcap in this process: the same entry point, without the process start-up cost.</summary>
    public static Result ZcapInProcess(params string[] arguments)
    {
        var error = new StringWriter();
        int exit = Probe.Capture.Zcap.Run(arguments, error);
        return new Result(exit, "", error.ToString());
    }

    /// <summary>What `tcpdump -r FILE -tt -nn -x` prints: the comparison the acceptance criteria name.</summary>
    public static string Decode(string file, params string[] extra)
    {
        Result r = Run("tcpdump", ["-r", file, "-tt", "-nn", "-x", .. extra]);
        Assert.True(r.ExitCode == 0, $"tcpdump cannot read {file}: {r.Stderr}");
        return r.Stdout;
    }
}
