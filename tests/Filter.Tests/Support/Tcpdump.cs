using System.Diagnostics;

namespace Probe.Filter.Tests.Support;

/// <summary>The real tcpdump, run as a process.</summary>
internal static class Tcpdump
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tcpdump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tcpdump did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"tcpdump {string.Join(' ', arguments)} did not finish in 30 s");
        }
        return new Result(process.ExitCode, stdout, stderr.Result);
    }
}
