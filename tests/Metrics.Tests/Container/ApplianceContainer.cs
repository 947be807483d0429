using System.Globalization;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests.Container;

/// <summary>
/// The appliance image run as docker/README.md says: host networking, every capability dropped but the ones named,
/// the host's hugetlbfs mounted, the control socket's directory on a named volume that other containers can mount,
/// a configuration file and a state directory from the host. Dispose removes the container, its volume and files.
/// </summary>
internal sealed class ApplianceContainer : IDisposable
{
    private static int s_counter;
    private readonly TempDirectory _dir = new();

    public ApplianceContainer(ApplianceImage image, string configYaml, IEnumerable<string> capabilities)
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}");
        Name = $"probe-ctest-{id}";
        ControlVolume = $"probe-ctest-control-{id}";
        StateDirectory = Path.Combine(_dir.Path, "state");
        Directory.CreateDirectory(StateDirectory);
        string config = _dir.Write("appliance.yaml", configYaml);
        Podman.Check(["volume", "create", ControlVolume]);
        Podman.Check(
        [
            "run", "-d", "--name", Name, "--network", "host", "--cap-drop", "all",
            .. capabilities.SelectMany(c => new[] { "--cap-add", c }),
            "-v", "/dev/hugepages:/dev/hugepages",
            "-v", $"{config}:/etc/probe-appliance/appliance.yaml:ro",
            "-v", $"{StateDirectory}:/var/lib/probe-appliance",
            "-v", $"{ControlVolume}:/run/probe-appliance",
            image.Image, "run", "--config", "/etc/probe-appliance/appliance.yaml",
        ]);
    }

    public string Name { get; }

    public string ControlVolume { get; }

    /// <summary>The host directory behind /var/lib/probe-appliance (the recordings).</summary>
    public string StateDirectory { get; }

    /// <summary>What the appliance printed (podman logs: both streams).</summary>
    public string Logs
    {
        get
        {
            Tool.Result logs = Podman.Run(["logs", Name]);
            return logs.Output + logs.Error;
        }
    }

    public string Inspect(string format) => Podman.Check(["inspect", "--format", format, Name]).Trim();

    public bool WaitForLog(string text, TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (Logs.Contains(text, StringComparison.Ordinal))
                return true;
            if (Inspect("{{.State.Running}}") != "true")
                return Logs.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(250);
        }
        return false;
    }

    /// <summary>Waits for the container to end by itself (a configuration the appliance refuses); its exit code.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        Tool.Result wait = Podman.Run(["wait", Name], limit);
        return wait.ExitCode == 0 ? int.Parse(wait.Output.Trim(), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"failed: {wait}");
    }

    /// <summary>podman stop: SIGTERM, the appliance's graceful stop; the container's exit code.</summary>
    public int Stop()
    {
        Podman.Check(["stop", "-t", "30", Name], TimeSpan.FromSeconds(60));
        return int.Parse(Inspect("{{.State.ExitCode}}"), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Podman.Quietly("rm", "-f", "-v", Name);
        Podman.Quietly("volume", "rm", "-f", ControlVolume);
        _dir.Dispose();
    }
}
