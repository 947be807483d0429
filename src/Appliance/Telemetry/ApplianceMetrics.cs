using System.Diagnostics;
using System.Reflection;
using Probe.Appliance.Runtime;
using Probe.Ingest;
using Probe.Ingest.AfXdp;
using Probe.Ingest.Dpdk;
using Probe.Metrics;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Appliance.Telemetry;

/// <summary>
/// Everything the appliance exposes to Prometheus, collected at each scrape from the live objects: the zero-copy
/// switch and build, per (device, queue) rx counters and drops by reason, per descriptor the bpf(4) counters and
/// buffer state, per recorder what it wrote. Names follow Prometheus conventions (base units, _total counters).
/// </summary>
internal sealed class ApplianceMetrics(IReadOnlyList<PortRuntime> ports, IReadOnlyList<RecorderRuntime> recorders,
    DescriptorRegistry descriptors) : IMetricsSource
{
    private static readonly string Version =
        typeof(ApplianceMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public void Collect(ExpositionWriter w)
    {
        w.Family("probe_zerocopy_enable", MetricType.Gauge,
                "1 when zero-copy buffer (zbuf) mode is enabled for consumers, as FreeBSD's net.bpf.zerocopy_enable sysctl " +
                "(always, here); the NIC side's zero-copy state is probe_xdp_zerocopy")
            .Sample(1);
        w.Family("probe_build_info", MetricType.Gauge, "Build of the running appliance; the value is always 1")
            .Sample(1, ("version", Version), ("runtime", Environment.Version.ToString()));
        w.Family("probe_hugepages_free", MetricType.Gauge, "Free 2 MiB hugepages on the machine")
            .Sample(Hugepages.FreePages());
        w.Family("probe_hugepages_reserved", MetricType.Gauge, "Reserved 2 MiB hugepages on the machine (vm.nr_hugepages)")
            .Sample(Hugepages.TotalPages());
        CollectQueues(w);
        CollectDescriptors(w);
        CollectRecorders(w);
    }

    private void CollectQueues(ExpositionWriter w)
    {
        var queues = ports.SelectMany(p => p.Pollers.Select(q => (Port: p, Queue: q.Queue, Stats: q.Queue.Statistics))).ToList();
        (string, string)[] Labels(IRxQueue q) => [("device", q.Device), ("queue", q.QueueId.ToString())];

        w.Family("probe_rx_packets_total", MetricType.Counter, "Packets received by an rx queue, before any filter");
        foreach (var q in queues)
            w.Sample(q.Stats.Packets, Labels(q.Queue));
        w.Family("probe_rx_bytes_total", MetricType.Counter, "Bytes received by an rx queue");
        foreach (var q in queues)
            w.Sample(q.Stats.Bytes, Labels(q.Queue));

        w.Family("probe_rx_dropped_packets_total", MetricType.Counter,
            "Packets lost before any descriptor saw them, by reason: nic_missed (rx ring full), no_buffer (mempool or " +
            "fill ring empty), errors (bad frames); queue=\"all\" where the device counts per port");
        foreach (PortRuntime port in ports)
        {
            if (port.DpdkPort is DpdkPort dpdk)
            {
                DpdkPortStatistics s = dpdk.Statistics();
                w.Sample(s.Missed, ("device", dpdk.Name), ("queue", "all"), ("reason", "nic_missed"));
                w.Sample(s.NoMbuf, ("device", dpdk.Name), ("queue", "all"), ("reason", "no_buffer"));
                w.Sample(s.Errors, ("device", dpdk.Name), ("queue", "all"), ("reason", "errors"));
                continue;
            }
            foreach (var q in queues.Where(q => q.Port == port))
            {
                w.Sample(q.Stats.MissedByNic, [.. Labels(q.Queue), ("reason", "nic_missed")]);
                w.Sample(q.Stats.NoBuffer, [.. Labels(q.Queue), ("reason", "no_buffer")]);
                w.Sample(q.Stats.Errors, [.. Labels(q.Queue), ("reason", "errors")]);
            }
        }

        var xdp = queues.Where(q => q.Queue is AfXdpRxQueue).Select(q => (Queue: (AfXdpRxQueue)q.Queue, Stats: ((AfXdpRxQueue)q.Queue).XdpStatistics)).ToList();
        w.Family("probe_xdp_dropped_packets_total", MetricType.Counter,
            "AF_XDP socket drops by the kernel's own counter: rx_dropped, rx_ring_full, rx_invalid_descs, rx_fill_ring_empty_descs");
        foreach (var q in xdp)
        {
            w.Sample(q.Stats.RxDropped, [.. Labels(q.Queue), ("reason", "rx_dropped")]);
            w.Sample(q.Stats.RxRingFull, [.. Labels(q.Queue), ("reason", "rx_ring_full")]);
            w.Sample(q.Stats.RxInvalidDescs, [.. Labels(q.Queue), ("reason", "rx_invalid_descs")]);
            w.Sample(q.Stats.RxFillRingEmptyDescs, [.. Labels(q.Queue), ("reason", "rx_fill_ring_empty_descs")]);
        }
        w.Family("probe_xdp_mode", MetricType.Gauge, "The XDP attach mode in use per AF_XDP queue (value 1 for the mode label in use)");
        foreach (var q in xdp)
            w.Sample(1, [.. Labels(q.Queue), ("mode", q.Queue.Mode.XdpMode == XdpMode.Native ? "native" : "generic")]);
        w.Family("probe_xdp_zerocopy", MetricType.Gauge, "1 when an AF_XDP queue runs in zero-copy mode, 0 in copy mode");
        foreach (var q in xdp)
            w.Sample(q.Queue.Mode.ZeroCopy ? 1 : 0, Labels(q.Queue));

        w.Family("probe_rx_hugepage_backed", MetricType.Gauge, "1 when the queue's packet buffers are on hugepages (DPDK mempools, AF_XDP UMEM)");
        foreach (var q in queues)
            w.Sample(q.Port.DpdkPort is not null || q.Queue is AfXdpRxQueue { Mode.Hugepages: true } ? 1 : 0, Labels(q.Queue));
    }

    private void CollectDescriptors(ExpositionWriter w)
    {
        var all = descriptors.All.Select(d => (Entry: d, Snapshot: d.Descriptor.Snapshot)).ToList();
        long now = Stopwatch.GetTimestamp();
        (string, string)[] Labels(RegisteredDescriptor d) =>
            [("descriptor", d.Id), ("device", d.Device), ("queue", d.Queue.ToString()), ("consumer", d.Consumer)];

        void Counter(string name, string help, Func<DescriptorStatistics, ulong> value)
        {
            w.Family(name, MetricType.Counter, help);
            foreach (var d in all)
                w.Sample(value(d.Snapshot.Counters), Labels(d.Entry));
        }

        Counter("probe_bpf_received_packets_total", "Packets a descriptor saw, before its filter", s => s.Received);
        Counter("probe_bpf_matched_packets_total", "Packets a descriptor's filter accepted (= captured + dropped)", s => s.Matched);
        Counter("probe_bpf_captured_packets_total", "Accepted packets written into a descriptor's buffer", s => s.Captured);
        Counter("probe_bpf_dropped_packets_total", "Accepted packets that found no room: both buffers consumer-owned", s => s.Dropped);
        Counter("probe_bpf_captured_bytes_total", "Packet bytes written into a descriptor's buffers", s => s.CapturedBytes);
        Counter("probe_bpf_handovers_total", "Buffers handed over to the consumer", s => s.HandOvers);
        Counter("probe_bpf_timeouts_total", "Hand-overs caused by the read timeout (a partly filled buffer on a quiet link)", s => s.Timeouts);

        w.Family("probe_bpf_consumer_owned_buffers", MetricType.Gauge, "Buffers (0-2) the consumer holds unacknowledged");
        foreach (var d in all)
            w.Sample(d.Snapshot.Buffers.ConsumerOwned, Labels(d.Entry));
        w.Family("probe_bpf_oldest_unacknowledged_seconds", MetricType.Gauge,
            "Age of the oldest buffer the consumer has not handed back; 0 when it holds none");
        foreach (var d in all)
            w.Sample(d.Snapshot.Buffers.OldestUnacknowledgedAge(now).TotalSeconds, Labels(d.Entry));
        w.Family("probe_bpf_buffer_hugepage_backed", MetricType.Gauge, "1 when the descriptor's buffers are hugepage-backed memfds");
        foreach (var d in all)
            w.Sample(d.Entry.Descriptor.Buffers.A.IsHugepageBacked ? 1 : 0, Labels(d.Entry));
    }

    private void CollectRecorders(ExpositionWriter w)
    {
        var queues = recorders.SelectMany(r => r.Queues.Select(q => (Recorder: r, Queue: q))).ToList();
        (string, string)[] Labels(RecorderRuntime r, RecorderRuntime.QueueRecording q) =>
            [("recorder", r.Config.Name), ("descriptor", q.Name)];

        w.Family("probe_recorder_written_bytes_total", MetricType.Counter, "Bytes a recorder wrote to its capture files");
        foreach (var (r, q) in queues)
            w.Sample(q.File.BytesWritten, Labels(r, q));
        w.Family("probe_recorder_written_packets_total", MetricType.Counter, "Packets a recorder wrote");
        foreach (var (r, q) in queues)
            w.Sample(q.Written, Labels(r, q));
        w.Family("probe_recorder_files_rotated_total", MetricType.Counter, "Capture files a recorder closed to start a new one");
        foreach (var (r, q) in queues)
            w.Sample(q.File.Rotations, Labels(r, q));
        w.Family("probe_recorder_backlog_bytes", MetricType.Gauge,
            "Packet bytes captured into the recorder's buffers and not yet written to its file");
        foreach (var (r, q) in queues)
            w.Sample(Math.Max(0, (long)q.Descriptor.Statistics.CapturedBytes - q.WrittenPacketBytes), Labels(r, q));
    }
}
