using System.Diagnostics;

namespace Probe.Ingest.Tests;

/// <summary>
/// DPDK's net_pcap vdev replaying corpus files (nothing flushed at start) through the appliance to a recorder with a
/// filter: the recorder's packets (bytes, lengths, order, timestamps) are what `tcpdump -r F -w B EXPR` writes.
/// </summary>
public sealed class DpdkReplayEquivalenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tcpdump-tests/mptcp-v0.pcap", "tcp[tcpflags] & tcp-syn != 0")]
    [InlineData("tcpdump-tests/dhcp-rfc4388.pcap", "udp port 67")]
    [InlineData("tcpdump-tests/vrrp.pcap", "ip6 or vrrp")]
    [InlineData("tcpdump-tests/afs.pcap", "ip[6:2] & 0x3fff != 0")]
    [InlineData("tcpdump-tests/of13_ericsson.pcapng", "")]
    public void The_recorder_writes_what_tcpdump_selects(string file, string filter)
    {
        string source = Corpus.Full(file);
        string recorded = _dir.File("recorded.pcap"), expected = _dir.File("expected.pcap");
        string config = _dir.Write("appliance.yaml", $"""
            metrics_listen: ""
            control_socket: ""
            dpdk:
              eal_args: ["-l", "0-1", "--log-level=*:warning"]
            ports:
              - name: p0
                type: dpdk
                device: net_pcap0
                vdev: "net_pcap0,rx_pcap={source}"
                idle: backoff
            recorders:
              - name: r
                port: p0
                path: {recorded}
                filter: "{filter}"
                read_timeout_ms: 50
            """);
        using var appliance = ApplianceProcess.Start(config);
        Assert.True(appliance.WaitUntilRunning(TimeSpan.FromSeconds(30)), appliance.Stderr);
        Tool.Run("tcpdump", "-r", source, "-w", expected, filter);
        int want = Tool.Run("tcpdump", "-r", expected, "-nn", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var clock = Stopwatch.StartNew();
        while (!appliance.Stderr.Contains($"written {want} ") && clock.Elapsed < TimeSpan.FromSeconds(20))
            Thread.Sleep(100); // the status line appears every 5 s
        appliance.Interrupt();
        Assert.Equal(0, appliance.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(Tool.Run("tcpdump", "-r", expected, "-tt", "-nn", "-x"), Tool.Run("tcpdump", "-r", recorded, "-tt", "-nn", "-x"));
    }
}
