namespace Probe.Ingest;

/// <summary>Applies the <see cref="IdlePolicy"/> between empty polls.</summary>
internal struct IdleWaiter
{
    private readonly IdlePolicy _policy;
    private int _emptyPolls;

    public IdleWaiter(IdlePolicy policy)
    {
        _policy = policy;
        _emptyPolls = 0;
    }

    public void Reset() => _emptyPolls = 0;

    public void Wait()
    {
        if (_policy == IdlePolicy.BusyPoll)
            return;
        int n = ++_emptyPolls;
        if (n < 64)
            Thread.SpinWait(32);
        else if (n < 128)
            Thread.Yield();
        else
            Thread.Sleep(n < 256 ? 0 : 1);
    }
}
