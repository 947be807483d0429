using System.Diagnostics;
using Probe.Filter;
using Probe.Zbuf;

namespace Probe.Ingest;

/// <summary>
/// The poll thread of one rx queue: pulls bursts, runs every attached descriptor's filter on each packet in place,
/// appends accepted packets to that descriptor's store buffer, and ticks the descriptors' timeouts. It is the only
/// writer of its descriptors, so the hot path takes no lock; attach and detach swap an immutable array.
/// </summary>
public sealed class QueuePoller : IDisposable
{
    private readonly IRxQueue _queue;
    private readonly PollerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _finished = new();
    private CaptureTap[] _taps = [];
    private readonly uint[] _keep;
    private long _epoch;
    private Thread? _thread;

    public QueuePoller(IRxQueue queue, PollerOptions? options = null)
    {
        _queue = queue;
        _options = options ?? new PollerOptions();
        _keep = new uint[_options.BurstSize];
    }

    public IRxQueue Queue => _queue;

    /// <summary>The source fault that ended polling, if any (every packet before it was delivered).</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Set once the loop has ended and every descriptor's last buffer was handed over.</summary>
    public bool IsFinished => _finished.IsSet;

    public WaitHandle FinishedHandle => _finished.WaitHandle;

    public IReadOnlyList<CaptureTap> Taps => Volatile.Read(ref _taps);

    public void Attach(CaptureTap tap)
    {
        lock (_stop)
            Volatile.Write(ref _taps, [.. _taps, tap]);
    }

    /// <summary>Removes a tap; on return the poll thread no longer touches its descriptor.</summary>
    public void Detach(CaptureTap tap)
    {
        lock (_stop)
            Volatile.Write(ref _taps, _taps.Where(t => t != tap).ToArray());
        // Quiescence: an iteration that read the old array ends by bumping the epoch.
        long seen = Volatile.Read(ref _epoch);
        var spin = new SpinWait();
        while (_thread is not null && !IsFinished && Volatile.Read(ref _epoch) == seen)
            spin.SpinOnce();
    }

    /// <summary>Starts the poll thread.</summary>
    public void Start(string name)
    {
        _thread = new Thread(() => Run(_stop.Token)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Asks the loop to end; it hands every partly filled buffer to its consumer first.</summary>
    public void Stop() => _stop.Cancel();

    public bool Join(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

    /// <summary>Polls on the calling thread until the source is exhausted or faults, or <paramref name="stop"/>.</summary>
    public void Run(CancellationToken stop)
    {
        try
        {
            if (_options.Core is int core)
                CorePinning.PinCurrentThread(core);
            Loop(stop);
        }
        catch (Exception e)
        {
            Fault ??= e;
        }
        finally
        {
            DrainAll();
            _finished.Set();
        }
    }

    private void Loop(CancellationToken stop)
    {
        var burst = new RxPacket[_options.BurstSize];
        var idle = new IdleWaiter(_options.Idle);
        var ticks = new TickSchedule();
        while (!stop.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            CaptureTap[] taps = Volatile.Read(ref _taps);
            if (taps.Length < _options.HoldUntilTaps)
            {
                Volatile.Write(ref _epoch, _epoch + 1);
                Thread.Sleep(1);
                continue;
            }
            // The iteration's body is a method of its own: called millions of times a second it is compiled at
            // full optimisation, where a loop body left here would only get on-stack-replacement code.
            int received = PollOnce(burst, taps, ref ticks);
            if (received > 0)
                idle.Reset();
            else if (received < 0 || _queue.IsExhausted)
                return;
            else
                idle.Wait();
        }
    }

    /// <summary>One burst: receive, filter and append, tick every descriptor when due. Returns -1 on a source fault.</summary>
    private int PollOnce(RxPacket[] burst, CaptureTap[] taps, ref TickSchedule ticks)
    {
        int received;
        try
        {
            received = _queue.Receive(burst);
        }
        catch (RxSourceException e)
        {
            Fault = e;
            return -1;
        }
        if (received > 0)
            Dispatch(burst.AsSpan(0, received), taps);

        if (ticks.After(fullBurst: received == burst.Length) is long now)
            foreach (CaptureTap tap in taps)
                tap.Descriptor.Tick(now);
        Volatile.Write(ref _epoch, _epoch + 1);
        return received;
    }

    /// <summary>
    /// Each tap's filter runs over the whole burst in one call (the compiled engine loops inside generated code,
    /// saving a call per packet), reading the RxPacket array in place (it begins with PacketRef's fields), then its
    /// descriptor takes the whole burst with the filter's verdicts.
    /// </summary>
    private void Dispatch(ReadOnlySpan<RxPacket> packets, CaptureTap[] taps)
    {
        PacketBurst burst = PacketBurst.OverPrefix(packets);
        Span<uint> keep = _keep.AsSpan(0, packets.Length);
        foreach (CaptureTap tap in taps)
        {
            tap.Filter.RunBurst(burst, keep);
            tap.Descriptor.AppendBurst(packets, keep);
        }
    }

    private void DrainAll()
    {
        foreach (CaptureTap tap in Volatile.Read(ref _taps))
            tap.Descriptor.Drain(_queue.IsLossless ? Timeout.InfiniteTimeSpan : _options.DrainTimeout);
    }

    /// <summary>
    /// After the poll thread has ended (a replayed file is done), keeps its descriptors' published state current:
    /// consumers still hand buffers back, and nobody else would notice. Safe only because the poll thread, their
    /// single writer, is gone; does nothing while it runs.
    /// </summary>
    public void TickFinished()
    {
        if (!IsFinished)
            return;
        long now = Stopwatch.GetTimestamp();
        // Under the attach/detach lock: a descriptor being detached (then unmapped) is never ticked here.
        lock (_stop)
            foreach (CaptureTap tap in _taps)
                tap.Descriptor.Tick(now);
    }

    public void Dispose()
    {
        Stop();
        Join(Timeout.InfiniteTimeSpan);
        _stop.Dispose();
        _finished.Dispose();
    }
}
