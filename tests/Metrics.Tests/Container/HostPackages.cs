namespace Probe.Metrics.Tests.Container;

/// <summary>The Debian packages the container test needs beyond scripts/setup.sh's, installed when missing.</summary>
internal static class HostPackages
{
    public static readonly string[] Required = ["podman", "runc", "debootstrap"];

    public static void EnsureInstalled()
    {
        string[] missing = Required.Where(p =>
        {
            Tool.Result status = Tool.Run("dpkg-query", ["-W", "-f=${Status}", p]);
            return status.ExitCode != 0 || !status.Output.Contains("ok installed", StringComparison.Ordinal);
        }).ToArray();
        if (missing.Length == 0)
            return;
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        Tool.Check("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(5), environment: env);
        Tool.Check("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. missing], TimeSpan.FromMinutes(10), environment: env);
    }
}
