using System.Diagnostics;
using Probe.Appliance.Configuration;
using Probe.Ingest.Dpdk;
using Probe.Metrics;
using Probe.Appliance.Telemetry;
using Probe.Appliance.Control;
using Probe.Ingest;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Appliance.Runtime;

/// <summary>Wires ports, poll threads and recorders from a configuration, runs them, and stops them cleanly.</summary>
internal sealed class ApplianceHost : IDisposable
{
    private readonly ApplianceConfig _config;
    private readonly TextWriter _log;
    private readonly List<PortRuntime> _ports = [];
    private readonly List<RecorderRuntime> _recorders = [];
    private readonly DescriptorRegistry _registry = new();
    private DpdkRuntime? _dpdk;
    private MetricsEndpoint? _metrics;
    private ControlServer? _control;

    public ApplianceHost(ApplianceConfig config, TextWriter log)
    {
        _config = config;
        _log = log;
        HugepagePolicy hugepages = HugepagePolicyParser.Parse(config.Hugepages, reason => throw new ConfigException(reason));
        try
        {
            foreach (PortConfig port in config.Ports)
                _ports.Add(new PortRuntime(port, () => _dpdk ??= DpdkRuntime.Start(config.Dpdk.EalArgs), log));
            foreach (RecorderConfig recorder in config.Recorders)
                _recorders.Add(new RecorderRuntime(recorder, _ports.Single(p => p.Config.Name == recorder.Port), hugepages, _registry, log));
            if (config.ControlSocket.Length > 0)
            {
                var context = new ControlContext(_ports.Select(Interface).ToList(), _registry, config.ControlMaxBufferBytes, log);
                _control = new ControlServer(config.ControlSocket, config.ControlAllowUids, config.ControlAllowGids, context);
                log.WriteLine($"appliance: control socket {config.ControlSocket}");
            }
            if (config.MetricsListen.Length > 0)
            {
                _metrics = MetricsEndpoint.StartAsync(config.MetricsListen, new ApplianceMetrics(_ports, _recorders, _registry),
                    () => !Faulted).GetAwaiter().GetResult();
                log.WriteLine($"appliance: metrics on {_metrics.Address}metrics");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="stop"/>, or until every port's source is exhausted.</summary>
    public void Run(CancellationToken stop)
    {
        foreach (RecorderRuntime recorder in _recorders)
            recorder.Start();
        foreach (PortRuntime port in _ports)
            port.Start();
        _log.WriteLine($"appliance: running: {_ports.Count} port(s), {_recorders.Count} recorder(s); Ctrl-C stops");

        var every = TimeSpan.FromSeconds(Math.Max(_config.StatusIntervalSeconds, 0));
        long next = Stopwatch.GetTimestamp();
        WaitHandle[] finished = _ports.SelectMany(p => p.Pollers).Select(p => p.FinishedHandle).ToArray();
        while (!stop.IsCancellationRequested && !(_config.ExitWhenSourcesEnd && WaitHandle.WaitAll(finished, 0)))
        {
            stop.WaitHandle.WaitOne(200);
            foreach (PortRuntime port in _ports)
                foreach (var poller in port.Pollers)
                    poller.TickFinished();
            if (every > TimeSpan.Zero && Stopwatch.GetTimestamp() >= next)
            {
                PrintStatus();
                next = Stopwatch.GetTimestamp() + (long)(every.TotalSeconds * Stopwatch.Frequency);
            }
        }

        _log.WriteLine("appliance: stopping: handing every partly filled buffer to its consumer");
        foreach (PortRuntime port in _ports)
            port.Stop();
        foreach (RecorderRuntime recorder in _recorders)
            recorder.Finish();
        PrintStatus();
        foreach (PortRuntime port in _ports)
            foreach (var poller in port.Pollers)
                if (poller.Fault is { } fault)
                    _log.WriteLine($"appliance: port {port.Config.Name}: {fault.Message}");
    }

    /// <summary>One line per DPDK port with the NIC's own counters, then one per descriptor with the bpf(4) ones.</summary>
    private void PrintStatus()
    {
        foreach (PortRuntime port in _ports)
            if (port.DpdkPort is { } dpdk)
            {
                // What the port received and every reason it dropped before a poll thread saw a packet: with the
                // descriptors' drops below, every packet that reached the port is accounted for.
                DpdkPortStatistics p = dpdk.Statistics();
                _log.WriteLine($"appliance: port {port.Config.Name}: ipackets {p.Packets} imissed {p.Missed} " +
                               $"rx_nombuf {p.NoMbuf} ierrors {p.Errors}");
            }
        foreach (RecorderRuntime recorder in _recorders)
            foreach (RecorderRuntime.QueueRecording q in recorder.Queues)
            {
                DescriptorStatistics s = q.Descriptor.Statistics;
                _log.WriteLine($"appliance: {q.Name}: received {s.Received} matched {s.Matched} captured {s.Captured} " +
                               $"dropped {s.Dropped} written {q.Written} file {q.File.CurrentFile}");
            }
    }

    public bool Faulted => _ports.Any(p => p.Pollers.Any(q => q.Fault is not null))
                           || _recorders.Any(r => r.Queues.Any(q => q.Fault is not null));

    /// <summary>How consumers see a port: attachable by its name or its device name.</summary>
    private static CaptureInterface Interface(PortRuntime port)
    {
        IRxQueue first = port.Pollers[0].Queue;
        return new CaptureInterface(port.Config.Name, port.Pollers.Select(p => p.Queue.Device).Distinct().ToList(),
            port.Pollers, first.LinkType, first.SnapLength, () => NicDropped(port));
    }

    private static ulong NicDropped(PortRuntime port)
    {
        if (port.DpdkPort is { } dpdk)
        {
            var s = dpdk.Statistics();
            return s.Missed + s.NoMbuf + s.Errors;
        }
        ulong sum = 0;
        foreach (var poller in port.Pollers)
        {
            RxQueueStatistics q = poller.Queue.Statistics;
            sum += q.MissedByNic + q.NoBuffer + q.Errors;
        }
        return sum;
    }

    public void Dispose()
    {
        _control?.Dispose(); // consumers first: their descriptors leave the poll threads before the ports go
        _metrics?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (RecorderRuntime recorder in _recorders)
            recorder.Dispose();
        foreach (PortRuntime port in _ports)
            port.Dispose();
        _dpdk?.Dispose(); // after every port is closed: releases hugepages, leaves no runtime files
    }
}
