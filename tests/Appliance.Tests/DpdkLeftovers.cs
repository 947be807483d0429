namespace Probe.Ingest.Tests;

/// <summary>
/// What a DPDK process can leave behind: hugepage files in /dev/hugepages and a runtime directory in /var/run/dpdk,
/// both named after its file prefix (the shim's default is pdk&lt;pid&gt;). Other tests' appliances may be running
/// meanwhile, so only this process's prefix counts.
/// </summary>
internal static class DpdkLeftovers
{
    public static void AssertNoneLeftBy(int pid, string? filePrefix = null)
    {
        string[] prefixes = filePrefix is null ? [$"pdk{pid}"] : [$"pdk{pid}", filePrefix];
        string[] left = new[] { "/dev/hugepages", "/var/run/dpdk" }
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFileSystemEntries)
            .Where(entry => prefixes.Any(p => Path.GetFileName(entry).StartsWith(p, StringComparison.Ordinal)))
            .ToArray();
        Assert.True(left.Length == 0, "left behind: " + string.Join(", ", left));
    }
}
