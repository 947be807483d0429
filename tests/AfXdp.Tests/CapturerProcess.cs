using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// tests/AfXdp.Capturer as a separate process: the AF_XDP port opened and polled by a program that can be killed
/// with SIGKILL, or started under capsh with capabilities dropped, or in a lab's namespace.
/// </summary>
public sealed partial class CapturerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly ManualResetEventSlim _ready = new();

    private CapturerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stdout)
                _stdout.Add(e.Data);
            if (e.Data == "ready")
                _ready.Set();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr)
                    _stderr.Add(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll =>
        Path.Combine(AppContext.BaseDirectory.Replace("AfXdp.Tests", "AfXdp.Capturer"), "AfXdp.Capturer.dll");

    public int Pid => _process.Id;

    /// <param name="arguments">the capturer's arguments</param>
    /// <param name="dropCapabilities">capsh --drop list (e.g. "cap_bpf,cap_sys_admin"), or null</param>
    /// <param name="netns">a network namespace to run in, or null</param>
    public static CapturerProcess Start(IEnumerable<string> arguments, string? dropCapabilities = null, string? netns = null)
    {
        var command = new List<string>();
        if (netns is not null)
            command.AddRange(["ip", "netns", "exec", netns]);
        string capturer = string.Join(' ', new[] { "dotnet", Dll }.Concat(arguments).Select(Quote));
        if (dropCapabilities is not null)
            command.AddRange(["capsh", $"--drop={dropCapabilities}", "--", "-c", "exec " + capturer]);
        else
            command.AddRange(["dotnet", Dll, .. arguments]);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        return new CapturerProcess(Process.Start(start)!);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>True once capturing; false if the process exited first (an error) or the time ran out.</summary>
    public bool WaitForReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_ready.Wait(50))
                return true;
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the output
                return _ready.IsSet;
            }
        }
        return false;
    }

    /// <summary>Asks for a clean stop (a line on stdin) and waits for the exit status.</summary>
    public int Stop(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine("stop");
            _process.StandardInput.Close();
        }
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
            throw new TimeoutException("the capturer did not stop");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or kill -9 would end it: no cleanup runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException("the capturer did not exit");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public string Output
    {
        get
        {
            lock (_stdout)
                return string.Join('\n', _stdout);
        }
    }

    public string Error
    {
        get
        {
            lock (_stderr)
                return string.Join('\n', _stderr);
        }
    }

    public override string ToString() => $"stdout:\n{Output}\nstderr:\n{Error}";

    /// <summary>The packets the capturer reported for queue <paramref name="queue"/> at its end.</summary>
    public long PacketsOf(int queue)
    {
        Match m = Regex.Match(Output, $@"^queue={queue} packets=(\d+)", RegexOptions.Multiline);
        return m.Success ? long.Parse(m.Groups[1].Value) : throw new InvalidOperationException($"no queue={queue} line in:\n{this}");
    }

    /// <summary>The "missing-capabilities:" line of a failed start.</summary>
    public string[] MissingCapabilities()
    {
        Match m = MissingLine().Match(Error);
        return m.Success ? m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
    }

    [GeneratedRegex(@"^missing-capabilities: ?(.*)$", RegexOptions.Multiline)]
    private static partial Regex MissingLine();

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
        _ready.Dispose();
    }
}
