using Probe.Appliance.Configuration;
using Probe.Ingest;
using Probe.Ingest.AfXdp;
using Probe.Ingest.Dpdk;
using Probe.Ingest.Replay;

namespace Probe.Appliance.Runtime;

/// <summary>A configured port's rx queues and the poll thread of each.</summary>
internal sealed class PortRuntime : IDisposable
{
    private readonly IDisposable? _device; // the DPDK port, closed after its queues' poll threads end

    public PortRuntime(PortConfig config, Func<DpdkRuntime> dpdk, TextWriter log)
    {
        Config = config;
        IRxQueue[] queues;
        try
        {
            (queues, _device) = OpenQueues(config, dpdk, log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"port {config.Name}: cannot open {config.File}: {e.Message}");
        }
        Pollers = queues.Select((queue, i) => new QueuePoller(queue, new PollerOptions
        {
            Core = i < config.Cores.Count ? config.Cores[i] : null,
            Idle = config.Idle == "backoff" ? IdlePolicy.Backoff : IdlePolicy.BusyPoll,
            HoldUntilTaps = config.WaitForConsumers,
            BurstSize = config.BurstSize,
        })).ToArray();
    }

    public PortConfig Config { get; }

    public QueuePoller[] Pollers { get; }

    /// <summary>The DPDK port behind this port, if it is one (for its port-wide counters).</summary>
    public DpdkPort? DpdkPort => _device as DpdkPort;

    private static (IRxQueue[], IDisposable?) OpenQueues(PortConfig config, Func<DpdkRuntime> dpdk, TextWriter log)
    {
        switch (config.Type)
        {
            case "replay":
                return ([new PcapReplayQueue(config.File!, new ReplayOptions
                {
                    Device = config.Name,
                    Passes = config.Passes,
                    RatePps = config.RatePps,
                    RetimeToNow = config.Retime,
                    Lossless = config.Lossless,
                })], null);
            case "dpdk":
                DpdkPort port = DpdkPort.Open(dpdk(), new DpdkPortOptions
                {
                    Name = config.Device!,
                    VirtualDevice = config.Vdev,
                    Queues = config.Queues,
                    RxDescriptors = config.RxDescriptors,
                    MbufsPerQueue = config.MbufsPerQueue,
                });
                return (port.Queues.ToArray<IRxQueue>(), port);
            case "afxdp":
                IReadOnlyList<AfXdpRxQueue> xsks = AfXdpPort.Open(new AfXdpPortOptions
                {
                    Interface = config.Device!,
                    QueueCount = config.Queues,
                    Mode = config.XdpMode switch { "native" => XdpModeRequest.Native, "generic" => XdpModeRequest.Generic, _ => XdpModeRequest.Auto },
                    ZeroCopy = config.ZeroCopy switch { "require" => ZeroCopyPolicy.Require, "never" => ZeroCopyPolicy.Never, _ => ZeroCopyPolicy.Prefer },
                    FrameCount = config.FrameCount,
                    FrameSize = config.FrameSize,
                    ReplaceStaleProgram = config.ReplaceStaleProgram,
                }, log);
                return (xsks.ToArray<IRxQueue>(), null);
            default:
                throw new ConfigException($"port {config.Name}: unknown type '{config.Type}'");
        }
    }

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
            poller.Dispose();
        _device?.Dispose(); // a DPDK port closes once no poll thread can touch it, before its queues' memory goes
        foreach (QueuePoller poller in Pollers)
            poller.Queue.Dispose();
    }
}
