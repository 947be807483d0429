using Probe.Zbuf;

namespace Probe.Capture;

/// <summary>The read side of a recorder: buffer after buffer until the producer has finished and nothing is left.</summary>
public static class ConsumerLoop
{
    /// <param name="producerFinished">true once the producer made its final hand-over (it will hand over nothing more)</param>
    public static void Run(ZbufReader view, RecordWriter writer, Func<bool> producerFinished, CancellationToken stop)
    {
        while (!writer.LimitReached && !stop.IsCancellationRequested)
        {
            // Read the finished flag before looking for a buffer: the producer sets it only after its final
            // hand-over, so if it is set and no buffer is waiting, nothing more will come.
            bool finished = producerFinished();
            if (view.Acquire(out ZbufLease lease, TimeSpan.FromMilliseconds(50), stop))
                writer.Consume(lease);
            else if (finished)
                return;
        }
    }
}
