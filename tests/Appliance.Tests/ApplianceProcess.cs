using System.Diagnostics;
using System.Text;

namespace Probe.Ingest.Tests;

/// <summary>The appliance daemon as a separate process, run with a configuration written by the test.</summary>
internal sealed class ApplianceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApplianceProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
                _stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("appliance: running:", StringComparison.Ordinal))
                _running.TrySetResult();
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public int Pid => _process.Id;

    public static ApplianceProcess Start(string configPath, params string[] prefix)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "appliance.dll");
        var start = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string a in prefix.Skip(1))
            start.ArgumentList.Add(a);
        if (prefix.Length > 0)
            start.ArgumentList.Add("dotnet");
        foreach (string a in new[] { dll, "run", "--config", configPath })
            start.ArgumentList.Add(a);
        return new ApplianceProcess(Process.Start(start)!);
    }

    /// <summary>Runs to completion (a configuration the appliance refuses) and returns the exit code.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the appliance did not exit within {limit}: {Stderr}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public bool WaitUntilRunning(TimeSpan limit) => _running.Task.Wait(limit);

    /// <summary>SIGINT, as Ctrl-C: the graceful stop.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", _process.Id.ToString()])!.WaitForExit();

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
