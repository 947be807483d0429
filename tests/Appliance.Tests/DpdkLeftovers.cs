namespace Probe.Ingest.Tests;

/// <summary>What a DPDK process can leave behind: hugepage files and runtime directories.</summary>
internal static class DpdkLeftovers
{
    public static HashSet<string> Snapshot() =>
    [
        .. Directory.Exists("/dev/hugepages") ? Directory.GetFileSystemEntries("/dev/hugepages") : [],
        .. Directory.Exists("/var/run/dpdk") ? Directory.GetFileSystemEntries("/var/run/dpdk") : [],
    ];

    public static void AssertNoneSince(HashSet<string> before)
    {
        string[] added = Snapshot().Except(before).ToArray();
        Assert.True(added.Length == 0, "left behind: " + string.Join(", ", added));
    }
}
