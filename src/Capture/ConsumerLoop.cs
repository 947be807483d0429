using Probe.Zbuf;

namespace Probe.Capture;

/// <summary>The read side of a recorder: buffer after buffer until the producer has finished and nothing is left.</summary>
public static class ConsumerLoop
{
    /// <param name="producerFinished">true once the producer made its final hand-over (it will hand over nothing more)</param>
    // How long one wait for a buffer lasts before the producer's finished flag is looked at again: the end of a
    // replayed file is noticed this late at most (zcap -r of a small file used to spend 50 to 100 ms here).
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(2);

    public static void Run(ZbufReader view, RecordWriter writer, Func<bool> producerFinished, CancellationToken stop)
    {
        while (!writer.LimitReached && !stop.IsCancellationRequested)
        {
            // Read the finished flag before looking for a buffer: the producer sets it only after its final
            // hand-over, so if it is set and no buffer is waiting, nothing more will come; one look, no wait.
            bool finished = producerFinished();
            if (view.Acquire(out ZbufLease lease, finished ? TimeSpan.Zero : WaitSlice, stop))
                writer.Consume(lease);
            else if (finished)
                return;
        }
    }
}
