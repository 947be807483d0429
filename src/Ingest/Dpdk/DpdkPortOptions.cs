namespace Probe.Ingest.Dpdk;

/// <summary>How one DPDK port is set up.</summary>
public sealed record DpdkPortOptions
{
    /// <summary>The ethdev name: a --vdev name ("net_pcap0") or a PCI address.</summary>
    public required string Name { get; init; }

    /// <summary>A virtual device to add if no port has <see cref="Name"/> yet ("net_pcap0,rx_pcap=FILE,infinite_rx=1").</summary>
    public string? VirtualDevice { get; init; }

    public int Queues { get; init; } = 1;

    /// <summary>Descriptors per rx ring; 0 takes the shim's default (1024).</summary>
    public int RxDescriptors { get; init; }

    /// <summary>Mbufs in each queue's mempool; 0 takes the shim's default (16383).</summary>
    public int MbufsPerQueue { get; init; }

    public bool Promiscuous { get; init; } = true;
}
