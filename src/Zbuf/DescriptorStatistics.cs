namespace Probe.Zbuf;

/// <summary>
/// One consistent reading of a descriptor's counters (protocol section 4). Every snapshot satisfies
/// Matched = Captured + Dropped and Received >= Matched: the poll thread publishes them together.
/// </summary>
public readonly record struct DescriptorStatistics(
    ulong Received,
    ulong Matched,
    ulong Captured,
    ulong Dropped,
    ulong CapturedBytes,
    ulong HandOvers,
    ulong Timeouts);
