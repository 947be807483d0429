using System.Diagnostics;

namespace Probe.Pcap.Tests;

/// <summary>Runs tcpdump / tshark and collects stdout as bytes and stderr as text.</summary>
internal static class ToolRunner
{
    public sealed record Result(int ExitCode, byte[] Output, string Error)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Output);
    }

    public static Result Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        return new Result(process.ExitCode, output.ToArray(), error.Result);
    }

    /// <summary>`tcpdump [--time-stamp-precision=nano] -r FILE -w -`: tcpdump's own copy of a file, from stdout.</summary>
    public static Result TcpdumpCopy(string path, TimestampPrecision precision) =>
        precision == TimestampPrecision.Nanosecond
            ? Run("tcpdump", "--time-stamp-precision=nano", "-r", path, "-w", "-")
            : Run("tcpdump", "-r", path, "-w", "-");

    /// <summary>`tcpdump [--time-stamp-precision=nano] -r FILE -tt -nn -x`: the text the acceptance compares.</summary>
    public static string TcpdumpPrint(string path, TimestampPrecision precision)
    {
        Result result = precision == TimestampPrecision.Nanosecond
            ? Run("tcpdump", "--time-stamp-precision=nano", "-r", path, "-tt", "-nn", "-x")
            : Run("tcpdump", "-r", path, "-tt", "-nn", "-x");
        return result.Text;
    }
}
