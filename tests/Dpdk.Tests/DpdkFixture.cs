using Probe.Ingest.Dpdk;

namespace Probe.Ingest.Tests;

/// <summary>EAL can be initialised once per process: every DPDK test in this assembly shares one environment and
/// adds the virtual devices it needs (each device name once).</summary>
public sealed class DpdkFixture : IDisposable
{
    private int _nextDevice;

    public DpdkFixture()
    {
        HugepagesForTests.Ensure(256);
        Runtime = DpdkRuntime.Start(["-l", "0-1", "--in-memory", "--log-level=*:warning"]);
    }

    public DpdkRuntime Runtime { get; }

    /// <summary>A fresh device name for a driver ("net_pcap" -> "net_pcap7").</summary>
    public string NextName(string driver) => $"{driver}{Interlocked.Increment(ref _nextDevice)}";

    public void Dispose() => Runtime.Dispose();
}

[CollectionDefinition("dpdk")]
public sealed class DpdkCollection : ICollectionFixture<DpdkFixture>;

internal static class HugepagesForTests
{
    public static void Ensure(int free)
    {
        int have = int.Parse(File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("HugePages_Free:")).Split(':')[1].Trim());
        int total = int.Parse(File.ReadAllText("/proc/sys/vm/nr_hugepages").Trim());
        if (have < free)
            File.WriteAllText("/proc/sys/vm/nr_hugepages", (total + free - have).ToString());
    }
}
