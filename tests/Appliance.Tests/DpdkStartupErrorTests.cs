namespace Probe.Ingest.Tests;

/// <summary>
/// The mistakes users make with DPDK ports: each stops the appliance with a non-zero exit and a message that says
/// what to do, and nothing is left behind in /dev/hugepages or /var/run/dpdk.
/// </summary>
public sealed class DpdkStartupErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(string port, string eal = "[\"-l\", \"0-1\"]") => _dir.Write("appliance.yaml", $"""
        dpdk:
          eal_args: {eal}
        ports:
          - name: p0
            type: dpdk
        {port}
        recorders:
          - name: all
            port: p0
            path: {_dir.File("out.pcap")}
        """);

    private static string Pcap => Corpus.Full("tcpdump-tests/dns_udp.pcap");

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "unknown port", "    device: net_pcap7", "no DPDK port named 'net_pcap7'" },
        { "unknown driver", "    device: net_nosuch0\n    vdev: net_nosuch0", "cannot add device 'net_nosuch0'" },
        { "more queues than the device has", $"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}\n    queues: 4", "queues" },
        { "too few hugepages for the mempool", $"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}\n    mbufs_per_queue: 8000000", "hugepage" },
        { "a core that does not exist (config)", $"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}\n    cores: [7]", "core 7 does not exist" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Refuses_to_start_with_a_message_that_says_what_to_do(string what, string port, string expected)
    {
        using var appliance = ApplianceProcess.Start(Config(port));
        int exit = appliance.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(exit != 0, $"{what}: exit 0\n{appliance.Stderr}");
        Assert.Contains(expected, appliance.Stderr);
        Assert.Contains("appliance: ", appliance.Stderr);
        DpdkLeftovers.AssertNoneLeftBy(appliance.Pid);
    }

    [Fact]
    public void An_eal_failure_carries_dpdk_own_text()
    {
        using var appliance = ApplianceProcess.Start(Config($"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}", "[\"--bogus-option\"]"));
        Assert.NotEqual(0, appliance.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("DPDK initialisation failed", appliance.Stderr);
        Assert.Contains("bogus-option", appliance.Stderr);
        DpdkLeftovers.AssertNoneLeftBy(appliance.Pid);
    }

    [Fact]
    public void A_core_that_does_not_exist_in_the_eal_arguments_is_named()
    {
        using var appliance = ApplianceProcess.Start(Config($"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}", "[\"-l\", \"0,9\"]"));
        Assert.NotEqual(0, appliance.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("9", appliance.Stderr);
        Assert.Contains("core", appliance.Stderr);
        DpdkLeftovers.AssertNoneLeftBy(appliance.Pid);
    }

    [Fact]
    public void Without_in_memory_an_unmounted_hugetlbfs_is_named_with_the_mount_command()
    {
        string config = Config($"    device: net_pcap0\n    vdev: net_pcap0,rx_pcap={Pcap}", "[\"-l\", \"0-1\", \"--file-prefix=apptest\"]");
        // A private mount namespace: the machine's own hugetlbfs mount is untouched.
        using var appliance = ApplianceProcess.Start(config, "unshare", "-m", "--propagation", "private", "sh", "-c",
            "umount /dev/hugepages 2>/dev/null; exec \"$@\"", "sh");
        Assert.NotEqual(0, appliance.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("hugetlbfs", appliance.Stderr);
        Assert.Contains("mount -t hugetlbfs", appliance.Stderr);
        DpdkLeftovers.AssertNoneLeftBy(appliance.Pid, "apptest");
    }
}
