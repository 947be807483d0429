using Probe.Zbuf.Control;

namespace Probe.Capture.Live;

/// <summary>
/// Merges the per-queue streams of a multi-queue capture into one file in timestamp order. A record is written only
/// when no queue can still deliver an earlier one: a queue with a buffer in hand shows its next record; a queue with
/// none can only deliver packets stamped after (now - read timeout - slack), because the appliance hands over any
/// older packet within the read timeout. Packets are stamped on arrival, so each queue's stream is in order.
/// </summary>
internal sealed class QueueMerger(IReadOnlyList<QueueCursor> queues, TimeSpan readTimeout)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(50);

    /// <summary>Writes every record that is safe to write now; returns how many (stops early at the output's limit).</summary>
    /// <param name="final">the appliance has handed over everything: no bound from idle queues</param>
    public int WriteReady(RotatingCaptureFile output, long limit, bool final)
    {
        int written = 0;
        while (written < limit)
        {
            foreach (QueueCursor q in queues)
                q.TryFill();
            QueueCursor? earliest = null;
            long earliestTs = long.MaxValue;
            long bound = long.MaxValue;
            foreach (QueueCursor q in queues)
            {
                long? ts = q.PeekTimestamp();
                if (ts is null && q.TryFill())
                    ts = q.PeekTimestamp();
                if (ts is long t)
                {
                    if (t < earliestTs)
                        (earliest, earliestTs) = (q, t);
                }
                else if (!final && queues.Count > 1)
                {
                    bound = Math.Min(bound, Math.Max(q.LastTimestamp, IdleBound()));
                }
            }
            if (earliest is null || earliestTs > bound)
                return written;
            if (!earliest.WriteNext(output))
                return written;
            written++;
        }
        return written;
    }

    private long IdleBound()
    {
        (long seconds, ulong nanoseconds) = Probe.Ingest.RealTime.Now();
        long now = seconds * 1_000_000_000 + (long)nanoseconds;
        return now - (long)((readTimeout + Slack).TotalMilliseconds * 1_000_000);
    }

    public IReadOnlyList<Probe.Zbuf.ZbufReader> Readers => queues.Select(q => q.Reader).ToList();
}
