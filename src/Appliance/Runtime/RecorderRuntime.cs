using Probe.Appliance.Configuration;
using Probe.Capture;
using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Ingest;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Appliance.Runtime;

/// <summary>
/// A built-in recorder: for each queue of its port, a zbuf descriptor attached to that queue's poll thread and a
/// consumer thread that maps the descriptor's buffers (through /proc/self/fd, as an outside consumer would) and
/// writes their records to a capture file in place.
/// </summary>
internal sealed class RecorderRuntime : IDisposable
{
    private readonly List<QueueRecording> _queues = [];

    private readonly DescriptorRegistry _registry;
    private readonly List<RegisteredDescriptor> _registered = [];

    public RecorderRuntime(RecorderConfig config, PortRuntime port, HugepagePolicy hugepages, DescriptorRegistry registry, TextWriter log)
    {
        Config = config;
        _registry = registry;
        foreach (QueuePoller poller in port.Pollers)
        {
            string path = port.Pollers.Length == 1 ? config.Path : PerQueuePath(config.Path, poller.Queue.QueueId);
            var recording = new QueueRecording(config, poller, path, hugepages, log);
            _queues.Add(recording);
            var entry = new RegisteredDescriptor(recording.Name, poller.Queue.Device, poller.Queue.QueueId,
                $"recorder/{config.Name}", Environment.ProcessId, recording.Descriptor, () => Flags(recording.Descriptor));
            registry.Add(entry);
            _registered.Add(entry);
        }
    }

    /// <summary>netstat -B style flags: i immediate, h hugepage-backed buffers, z zero-copy (always).</summary>
    internal static string Flags(ZbufDescriptor d) =>
        (d.Options.Immediate ? "i" : "-") + (d.Buffers.A.IsHugepageBacked ? "h" : "-") + "z";

    public RecorderConfig Config { get; }

    public IReadOnlyList<QueueRecording> Queues => _queues;

    public void Start()
    {
        foreach (QueueRecording q in _queues)
            q.Start();
    }

    /// <summary>Waits for every consumer thread to write what its producer handed over, then closes the files.</summary>
    public void Finish()
    {
        foreach (QueueRecording q in _queues)
            q.Finish();
    }

    public void Dispose()
    {
        foreach (RegisteredDescriptor entry in _registered)
            _registry.Remove(entry);
        foreach (QueueRecording q in _queues)
            q.Dispose();
    }

    private static string PerQueuePath(string path, int queue) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-q{queue}{Path.GetExtension(path)}");

    /// <summary>One descriptor of the recorder and the thread that consumes it.</summary>
    internal sealed class QueueRecording : IDisposable
    {
        private readonly QueuePoller _poller;
        private readonly CaptureTap _tap;
        private readonly ZbufReader _view;
        private readonly RotatingCaptureFile _file;
        private readonly RecordWriter _writer;
        private readonly TextWriter _log;
        private readonly string _name;
        private Thread? _thread;

        public QueueRecording(RecorderConfig config, QueuePoller poller, string path, HugepagePolicy hugepages, TextWriter log)
        {
            _poller = poller;
            _log = log;
            _name = $"{config.Name}/{poller.Queue.Device}:{poller.Queue.QueueId}";
            BufferPair buffers = BufferPair.Allocate($"rec-{config.Name}", config.BufferBytes, hugepages, out string? notice);
            if (notice is not null)
                log.WriteLine($"appliance: notice: recorder {config.Name}: {notice}");
            Descriptor = new ZbufDescriptor(buffers, new DescriptorOptions
            {
                LinkType = poller.Queue.LinkType,
                SnapLength = config.Snaplen,
                ReadTimeout = TimeSpan.FromMilliseconds(config.ReadTimeoutMs),
                Backpressure = poller.Queue.IsLossless,
            });
            _view = ZbufReader.Open(buffers.A.ProcPath, buffers.B.ProcPath);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new CaptureFileWriterOptions
            {
                LinkType = poller.Queue.LinkType,
                SnapLength = (int)Math.Min(config.Snaplen, poller.Queue.SnapLength),
                Precision = config.Precision == "nano" ? TimestampPrecision.Nanosecond : TimestampPrecision.Microsecond,
            };
            _file = new RotatingCaptureFile(path, config.Format == "pcapng" ? CaptureFileFormat.PcapNg : CaptureFileFormat.Pcap,
                options, new RotationPolicy
                {
                    MaxFileBytes = config.RotateMegabytes * 1_000_000L,
                    FileCount = config.RotateFiles,
                });
            _writer = new RecordWriter(_view, _file, limit: null);
            _tap = new CaptureTap(Descriptor, string.IsNullOrWhiteSpace(config.Filter)
                ? null
                : PacketFilter.Create(PcapExpression.Compile(config.Filter, LinkTypeMap.LinkTypeToDlt(poller.Queue.LinkType), (int)config.Snaplen)));
            poller.Attach(_tap);
        }

        public ZbufDescriptor Descriptor { get; }

        public string Name => _name;

        public long Written => _writer.Written;

        public long WrittenPacketBytes => _writer.WrittenPacketBytes;

        public RotatingCaptureFile File => _file;

        public Exception? Fault { get; private set; }

        public void Start()
        {
            _thread = new Thread(Consume) { IsBackground = true, Name = $"rec-{_name}" };
            _thread.Start();
        }

        private void Consume()
        {
            try
            {
                ConsumerLoop.Run(_view, _writer, () => _poller.IsFinished, CancellationToken.None);
            }
            catch (Exception e)
            {
                Fault = e;
                _log.WriteLine($"appliance: recorder {_name} stopped: {e.Message}");
                // A dead consumer must not stall the poll thread (a lossless source would wait on it forever).
                Descriptor.Abandon();
            }
        }

        public void Finish()
        {
            _thread?.Join();
            _file.Flush();
        }

        public void Dispose()
        {
            _poller.Detach(_tap);
            _file.Dispose();
            _view.Dispose();
            Descriptor.Dispose();
        }
    }
}
