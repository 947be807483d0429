namespace Probe.Ingest;

/// <summary>
/// Counters of one rx queue before any descriptor sees a packet. Drops are by named reason, because "dropped"
/// means different things per backend; a reason a backend cannot observe stays 0.
/// </summary>
public readonly record struct RxQueueStatistics(
    ulong Packets,
    ulong Bytes,
    ulong MissedByNic,
    ulong NoBuffer,
    ulong Errors);
