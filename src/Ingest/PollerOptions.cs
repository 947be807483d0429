namespace Probe.Ingest;

public sealed record PollerOptions
{
    /// <summary>Packets per receive call; 32 is DPDK's customary burst.</summary>
    public int BurstSize { get; init; } = 32;

    /// <summary>Core to pin the poll thread to, or null to leave it to the scheduler.</summary>
    public int? Core { get; init; }

    public IdlePolicy Idle { get; init; } = IdlePolicy.BusyPoll;

    /// <summary>Receive nothing until this many descriptors are attached: a replay that several consumers must
    /// all see from its first packet.</summary>
    public int HoldUntilTaps { get; init; }

    /// <summary>At stop, how long to wait for consumers to make room for their last partly filled buffer.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
