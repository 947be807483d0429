namespace Probe.Ingest.AfXdp;

/// <summary>
/// The kernel's per-socket counters (getsockopt XDP_STATISTICS), under their kernel names so that metrics can
/// publish them as they are. How they feed <see cref="RxQueueStatistics"/>: RxRingFull is MissedByNic (the rx ring
/// overran, as a NIC's descriptor ring does when its poller falls behind), RxDropped is NoBuffer (no free frame in
/// the fill ring, or a packet too long for the frames), RxInvalidDescs is part of Errors.
/// </summary>
/// <param name="RxDropped">rx_dropped: packets dropped for want of a UMEM frame (fill ring empty) or too long for one.</param>
/// <param name="RxInvalidDescs">rx_invalid_descs: fill-ring entries the kernel refused as invalid addresses.</param>
/// <param name="RxRingFull">rx_ring_full: packets dropped because the rx ring was full (the poll thread fell behind).</param>
/// <param name="RxFillRingEmptyDescs">rx_fill_ring_empty_descs: times the kernel found the fill ring empty when it
/// needed a frame; each such packet is also counted in RxDropped.</param>
/// <param name="TxInvalidDescs">tx_invalid_descs (always 0: the queue never transmits).</param>
/// <param name="TxRingEmptyDescs">tx_ring_empty_descs (always 0: the queue never transmits).</param>
public readonly record struct XdpSocketStatistics(
    ulong RxDropped,
    ulong RxInvalidDescs,
    ulong RxRingFull,
    ulong RxFillRingEmptyDescs,
    ulong TxInvalidDescs,
    ulong TxRingEmptyDescs);
