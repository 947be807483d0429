using System.Diagnostics;

namespace Probe.Metrics.Tests;

/// <summary>Runs a command to completion, optionally feeding its standard input; a failure message carries everything.</summary>
internal static class Tool
{
    public sealed record Result(string Command, int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"{Command}: exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    public static Result Run(string file, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        string command = $"{file} {string.Join(' ', start.ArgumentList)}";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {limit}");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(command, process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs and requires exit status 0; returns standard output.</summary>
    public static string Check(string file, params string[] arguments) => Check(file, arguments, timeout: null);

    public static string Check(string file, IEnumerable<string> arguments, TimeSpan? timeout, string? input = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Result result = Run(file, arguments, input, timeout, environment: environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"failed: {result}");
        return result.Output;
    }
}
