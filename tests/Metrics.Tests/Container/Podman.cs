using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests.Container;

/// <summary>podman with the repository's docker/containers.conf (runc, cgroupfs, the rlimits this kernel allows).</summary>
internal static class Podman
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["CONTAINERS_CONF"] = Path.Combine(RepoPaths.Root, "docker", "containers.conf"),
    };

    public static Tool.Result Run(IEnumerable<string> arguments, TimeSpan? timeout = null, string? input = null) =>
        Tool.Run("podman", arguments, input, timeout ?? TimeSpan.FromMinutes(2), RepoPaths.Root, Environment);

    public static string Check(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        Tool.Result result = Run(arguments, timeout);
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"failed: {result}");
    }

    /// <summary>Best effort, for clean-up paths: never throws, so that every later clean-up step still runs.</summary>
    public static void Quietly(params string[] arguments)
    {
        try
        {
            Run(arguments);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // clean-up of something already gone
        }
    }
}
