namespace Probe.Zbuf;

/// <summary>
/// A single-writer sequence lock over a descriptor's counters and buffer status: the poll thread publishes a whole
/// snapshot once per tick of the poll loop and before each hand-over (never per packet), and any thread reads one
/// without tearing.
/// </summary>
internal sealed class StatisticsPublisher
{
    private int _sequence;
    private (DescriptorStatistics Counters, BufferStatus Buffers) _snapshot;

    /// <summary>Writer (poll thread only).</summary>
    public void Publish(in DescriptorStatistics statistics, in BufferStatus buffers)
    {
        int sequence = _sequence;
        // Odd sequence = write in progress. The full fence keeps the snapshot stores below from moving
        // above it (a release store alone would allow that).
        Interlocked.Exchange(ref _sequence, sequence + 1);
        _snapshot = (statistics, buffers);
        // Release: the snapshot stores complete before readers can see the even sequence.
        Volatile.Write(ref _sequence, sequence + 2);
    }

    /// <summary>Reader (any thread): retries while a write is in progress or raced with the read.</summary>
    public (DescriptorStatistics Counters, BufferStatus Buffers) Read()
    {
        var spin = new SpinWait();
        while (true)
        {
            int before = Volatile.Read(ref _sequence); // acquire: partner of the writer's final release
            var copy = _snapshot;
            // Full fence: the copy's loads complete before the second sequence load.
            Interlocked.MemoryBarrier();
            if ((before & 1) == 0 && before == Volatile.Read(ref _sequence))
                return copy;
            spin.SpinOnce();
        }
    }
}
