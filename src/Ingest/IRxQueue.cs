namespace Probe.Ingest;

/// <summary>
/// The one seam every rx backend implements (pcap replay, DPDK, AF_XDP): one receive queue, polled by exactly
/// one thread. Implementations must pass the shared behavioural suite in tests/Ingest.Tests.
/// </summary>
public interface IRxQueue : IDisposable
{
    /// <summary>Interface or device name, e.g. "net_pcap0", "veth1", or a replayed file.</summary>
    string Device { get; }

    int QueueId { get; }

    /// <summary>LINKTYPE_* of the frames (1 for Ethernet).</summary>
    int LinkType { get; }

    /// <summary>Largest capture length the source delivers (a filter's accept value).</summary>
    uint SnapLength { get; }

    /// <summary>True for a source that can wait for consumers without losing anything (a file being replayed).</summary>
    bool IsLossless { get; }

    /// <summary>True once a finite source has delivered its last packet; a live queue never ends.</summary>
    bool IsExhausted { get; }

    /// <summary>
    /// Fills up to <paramref name="packets"/>.Length packets and returns how many; 0 when none is waiting.
    /// Packets of the previous call are released (returned to the NIC) by this call. Throws
    /// <see cref="RxSourceException"/> on a source fault, but only after returning every packet before it.
    /// </summary>
    int Receive(Span<RxPacket> packets);

    /// <summary>Queue-level counters, read from any thread.</summary>
    RxQueueStatistics Statistics { get; }
}
