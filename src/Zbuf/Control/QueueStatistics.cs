namespace Probe.Zbuf.Control;

/// <summary>One queue's descriptor counters as GET_STATS returns them.</summary>
public readonly record struct QueueStatistics(
    ulong Received, ulong Matched, ulong Captured, ulong Dropped, ulong CapturedBytes, ulong HandOvers, ulong Timeouts);

/// <summary>GET_STATS: per queue, plus the interface's own drops (NIC missed, no buffer, ...), summed.</summary>
public sealed record DescriptorSetStatistics(IReadOnlyList<QueueStatistics> Queues, ulong NicDropped)
{
    public ulong Received => (ulong)Queues.Sum(q => (decimal)q.Received);
    public ulong Dropped => (ulong)Queues.Sum(q => (decimal)q.Dropped);
    public ulong Captured => (ulong)Queues.Sum(q => (decimal)q.Captured);
}

/// <summary>ATTACH's answer: how many queues (hence buffer pairs), and the interface's link type and snap length.</summary>
public readonly record struct AttachResult(int Queues, int LinkType, uint SnapLength);
