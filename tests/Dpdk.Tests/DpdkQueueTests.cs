using Probe.Ingest.Dpdk;

namespace Probe.Ingest.Tests;

/// <summary>The rx-source contract through DPDK's net_pcap driver replaying each file (nothing flushed at start).</summary>
[Collection("dpdk")]
public sealed class DpdkQueueTests(DpdkFixture dpdk) : RxQueueContract, IDisposable
{
    private readonly List<DpdkPort> _ports = [];

    // net_pcap in DPDK 22.11 opens files with microsecond precision.
    protected override long TimestampResolutionNs => 1000;

    protected override IRxQueue OpenQueue(string file)
    {
        string name = dpdk.NextName("net_pcap");
        DpdkPort port = DpdkPort.Open(dpdk.Runtime, new DpdkPortOptions { Name = name, VirtualDevice = $"{name},rx_pcap={file}" });
        _ports.Add(port);
        return port.Queues[0];
    }

    [Fact]
    public void An_unknown_driver_is_refused_with_dpdk_own_words_and_the_fix()
    {
        var e = Assert.Throws<DpdkException>(() => DpdkPort.Open(dpdk.Runtime,
            new DpdkPortOptions { Name = "net_nosuch0", VirtualDevice = "net_nosuch0" }));
        Assert.Contains("cannot add device 'net_nosuch0'", e.Message);
        Assert.Contains("Fix:", e.Message);
    }

    [Fact]
    public void More_queues_than_the_device_has_are_refused()
    {
        string name = dpdk.NextName("net_pcap");
        string file = Corpus.Full("tcpdump-tests/dns_udp.pcap");
        var e = Assert.Throws<DpdkException>(() => DpdkPort.Open(dpdk.Runtime,
            new DpdkPortOptions { Name = name, VirtualDevice = $"{name},rx_pcap={file}", Queues = 4 }));
        Assert.Equal(-9, e.Status);
        Assert.Contains("queue", e.Message);
    }

    [Fact]
    public void Net_null_delivers_bursts_and_port_counters_follow()
    {
        string name = dpdk.NextName("net_null");
        using DpdkPort port = DpdkPort.Open(dpdk.Runtime, new DpdkPortOptions { Name = name, VirtualDevice = name, Queues = 2 });
        var burst = new RxPacket[32];
        long received = 0;
        for (int i = 0; i < 1000; i++)
            foreach (DpdkRxQueue q in port.Queues)
                received += q.Receive(burst);
        DpdkPortStatistics stats = port.Statistics();
        Assert.Equal((ulong)received, stats.Packets);
        Assert.Equal(2, stats.QueuePackets.Count);
        Assert.True(stats.QueuePackets.All(p => p > 0));
    }

    public void Dispose()
    {
        foreach (DpdkPort port in _ports)
            port.Dispose();
    }
}
