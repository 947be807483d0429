namespace Probe.Ingest.Dpdk;

/// <summary>
/// A port's counters (rte_eth_stats). The drop reasons are port-wide in DPDK: imissed (the rx ring was full: the
/// poll thread fell behind), rx_nombuf (the mempool ran dry), ierrors (bad frames).
/// </summary>
public readonly record struct DpdkPortStatistics(
    ulong Packets,
    ulong Bytes,
    ulong Missed,
    ulong NoMbuf,
    ulong Errors,
    IReadOnlyList<ulong> QueuePackets,
    IReadOnlyList<ulong> QueueBytes);
