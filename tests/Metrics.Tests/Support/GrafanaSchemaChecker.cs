using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>
/// grafana-schema/check-dashboard.mjs: type-checks a dashboard JSON file against @grafana/schema with the
/// TypeScript compiler. Its two npm packages are installed on first use with `npm ci` from the committed
/// package-lock.json (npm's registry is reachable here; node_modules is not committed).
/// </summary>
internal static class GrafanaSchemaChecker
{
    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "Metrics.Tests", "grafana-schema");

    private static readonly Lazy<Task> Installed = new(() => Task.Run(Install));

    public static async Task<Tool.Result> CheckAsync(string dashboardPath)
    {
        await Installed.Value;
        return Tool.Run("node", [Path.Combine(Directory, "check-dashboard.mjs"), dashboardPath], timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary>npm ci unless node_modules already matches the lock file (npm writes its own copy of the lock there).</summary>
    private static void Install()
    {
        string lockFile = Path.Combine(Directory, "package-lock.json");
        string installed = Path.Combine(Directory, "node_modules", ".package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            return;
        Tool.Result npm = Tool.Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], timeout: TimeSpan.FromMinutes(5),
            workingDirectory: Directory);
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"cannot install the schema checker's packages: {npm}");
    }
}
