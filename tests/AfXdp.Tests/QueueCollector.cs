using System.Diagnostics;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>Polls every queue of a port on its own thread and keeps a copy of each packet, per queue, in order.</summary>
public sealed class QueueCollector : IDisposable
{
    public sealed record Frame(byte[] Bytes, uint WireLength, long Seconds, ulong Nanoseconds);

    private readonly IReadOnlyList<AfXdpRxQueue> _queues;
    private readonly List<Frame>[] _frames;
    private readonly List<Thread> _threads = [];
    private readonly Exception?[] _faults;
    private volatile bool _stop;
    private long _total;

    public QueueCollector(IReadOnlyList<AfXdpRxQueue> queues)
    {
        _queues = queues;
        _frames = queues.Select(_ => new List<Frame>()).ToArray();
        _faults = new Exception?[queues.Count];
    }

    public long Total => Interlocked.Read(ref _total);

    /// <summary>Frames of queue index <paramref name="i"/> (position in the port's list); read after <see cref="Stop"/>.</summary>
    public IReadOnlyList<Frame> FramesOf(int i) => _frames[i];

    public void Start()
    {
        for (int i = 0; i < _queues.Count; i++)
        {
            int index = i;
            var thread = new Thread(() => Poll(index)) { IsBackground = true, Name = $"collect-{index}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void Poll(int index)
    {
        try
        {
            AfXdpRxQueue queue = _queues[index];
            var burst = new RxPacket[32];
            while (!_stop)
            {
                int n = queue.Receive(burst);
                for (int i = 0; i < n; i++)
                    _frames[index].Add(new Frame(burst[i].Bytes.ToArray(), burst[i].WireLength, burst[i].Seconds, burst[i].Nanoseconds));
                Interlocked.Add(ref _total, n);
                if (n == 0)
                    Thread.Sleep(0);
            }
        }
        catch (Exception e)
        {
            _faults[index] = e;
        }
    }

    /// <summary>Waits until <paramref name="settled"/> holds (checked every 10 ms) or the limit passes; then stops.</summary>
    public void StopWhen(Func<bool> settled, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!settled() && clock.Elapsed < limit)
            Thread.Sleep(10);
        Stop();
    }

    public void Stop()
    {
        _stop = true;
        foreach (Thread thread in _threads)
            thread.Join();
        foreach (Exception? fault in _faults)
            if (fault is not null)
                throw new InvalidOperationException("a poll thread failed", fault);
    }

    public void Dispose()
    {
        if (!_stop)
            Stop();
    }
}
