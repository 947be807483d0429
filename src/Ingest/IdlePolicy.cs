namespace Probe.Ingest;

/// <summary>What a poll thread does when a burst comes back empty.</summary>
public enum IdlePolicy
{
    /// <summary>Poll again at once: lowest latency, one core at 100 % (DPDK's default).</summary>
    BusyPoll,
    /// <summary>Spin, then yield, then sleep in growing steps up to 1 ms while idle; back to busy on the first packet.</summary>
    Backoff,
}
