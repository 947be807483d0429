namespace Probe.Zbuf;

/// <summary>
/// Where a descriptor's two buffers stand, published with its counters: how many the consumer holds, since when,
/// and the bytes waiting in the store and in the hold buffer (netstat -B's SLEN and HLEN).
/// </summary>
public readonly record struct BufferStatus(
    int ConsumerOwned,
    long OldestHandOverTicks,
    int StoreLength,
    int HoldLength)
{
    /// <summary>Age of the oldest buffer the consumer has not acknowledged, or zero when it holds none.</summary>
    public TimeSpan OldestUnacknowledgedAge(long nowTicks) => ConsumerOwned == 0
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds((nowTicks - OldestHandOverTicks) / (double)System.Diagnostics.Stopwatch.Frequency);
}
