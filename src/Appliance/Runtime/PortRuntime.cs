using Probe.Appliance.Configuration;
using Probe.Ingest;
using Probe.Ingest.Replay;

namespace Probe.Appliance.Runtime;

/// <summary>A configured port's rx queues and the poll thread of each.</summary>
internal sealed class PortRuntime : IDisposable
{
    public PortRuntime(PortConfig config)
    {
        Config = config;
        IRxQueue[] queues;
        try
        {
            queues = OpenQueues(config);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"port {config.Name}: cannot open {config.File}: {e.Message}");
        }
        Pollers = queues.Select((queue, i) => new QueuePoller(queue, new PollerOptions
        {
            Core = i < config.Cores.Count ? config.Cores[i] : null,
            Idle = config.Idle == "backoff" ? IdlePolicy.Backoff : IdlePolicy.BusyPoll,
        })).ToArray();
    }

    private static IRxQueue[] OpenQueues(PortConfig config) => config.Type switch
        {
            "replay" => [new PcapReplayQueue(config.File!, new ReplayOptions
            {
                Device = config.Name,
                Passes = config.Passes,
                RatePps = config.RatePps,
                RetimeToNow = config.Retime,
                Lossless = config.Lossless,
            })],
            _ => throw new ConfigException($"port {config.Name}: unknown type '{config.Type}'"),
        };

    public PortConfig Config { get; }

    public QueuePoller[] Pollers { get; }

    public void Start()
    {
        foreach (QueuePoller poller in Pollers)
            poller.Start($"poll-{Config.Name}-q{poller.Queue.QueueId}");
    }

    /// <summary>Stops every poll thread; each hands its descriptors' partly filled buffers over first.</summary>
    public void Stop()
    {
        foreach (QueuePoller poller in Pollers)
            poller.Stop();
        foreach (QueuePoller poller in Pollers)
            poller.Join(Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        foreach (QueuePoller poller in Pollers)
        {
            poller.Dispose();
            poller.Queue.Dispose();
        }
    }
}
