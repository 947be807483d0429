using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Probe.AfXdp.Capturer;
using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Ingest;
using Probe.Ingest.AfXdp;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

CapturerOptions options;
try
{
    options = CapturerOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"AfXdp.Capturer: {e.Message}\n{CapturerOptions.Usage}");
    return 2;
}

if (options.Dpdk)
    return DpdkComparison.Run(options);

IReadOnlyList<AfXdpRxQueue> queues;
try
{
    queues = AfXdpPort.Open(options.Port, Console.Out);
}
catch (AfXdpException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine($"missing-capabilities: {string.Join(",", e.MissingCapabilities)}");
    return 3;
}

using var stop = new CancellationTokenSource();
using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
var stdin = new Thread(() =>
{
    string? line;
    while ((line = Console.In.ReadLine()) is not null && line.Trim() != "stop")
    {
    }
    stop.Cancel();
}) { IsBackground = true, Name = "stdin" };

var capture = options.Zbuf ? (ICapture)new ZbufCapture(queues, options) : new DirectCapture(queues, options);
var clock = Stopwatch.StartNew();
TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
capture.Start();
capture.WaitUntilPolling();
Console.WriteLine("ready");
Console.Out.Flush();
stdin.Start();
while (!stop.IsCancellationRequested)
{
    if (options.Seconds > 0 && clock.Elapsed.TotalSeconds >= options.Seconds)
        break;
    if (options.Count > 0 && capture.Delivered >= options.Count)
        break;
    stop.Token.WaitHandle.WaitOne(5);
}
capture.Stop();
double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
double seconds = clock.Elapsed.TotalSeconds;

foreach (AfXdpRxQueue queue in queues)
{
    RxQueueStatistics s = queue.Statistics;
    XdpSocketStatistics x = queue.XdpStatistics;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"queue={queue.QueueId} packets={s.Packets} bytes={s.Bytes} rx_dropped={x.RxDropped} rx_invalid_descs={x.RxInvalidDescs} " +
        $"rx_ring_full={x.RxRingFull} rx_fill_ring_empty_descs={x.RxFillRingEmptyDescs} missed={s.MissedByNic} " +
        $"nobuf={s.NoBuffer} errors={s.Errors} wakeups={queue.Wakeups} xdp={queue.Mode.XdpMode} zerocopy={queue.Mode.ZeroCopy}"));
}
capture.Report();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"total packets={capture.Delivered} seconds={seconds:F3} cpu_seconds={cpu:F3}"));
capture.Dispose();
foreach (AfXdpRxQueue queue in queues)
    queue.Dispose();
return 0;

namespace Probe.AfXdp.Capturer
{
    internal interface ICapture : IDisposable
    {
        long Delivered { get; }
        void Start();
        /// <summary>Returns once every poll thread has made its first receive call (its code is compiled).</summary>
        void WaitUntilPolling();
        void Stop();
        void Report();
    }

    /// <summary>A plain receive loop per queue, optionally keeping every packet in DIR/qQ.pcap.</summary>
    internal sealed class DirectCapture : ICapture
    {
        private readonly IReadOnlyList<AfXdpRxQueue> _queues;
        private readonly CapturerOptions _options;
        private readonly List<Thread> _threads = [];
        private volatile bool _stopping;
        private long _delivered;
        private readonly CountdownEvent _polling;

        public DirectCapture(IReadOnlyList<AfXdpRxQueue> queues, CapturerOptions options)
        {
            _queues = queues;
            _options = options;
            _polling = new CountdownEvent(queues.Count);
        }

        public void WaitUntilPolling() => _polling.Wait();

        public long Delivered => Interlocked.Read(ref _delivered);

        public void Start()
        {
            foreach (AfXdpRxQueue queue in _queues)
            {
                var thread = new Thread(() => Poll(queue)) { Name = $"poll-q{queue.QueueId}" };
                _threads.Add(thread);
                thread.Start();
            }
        }

        private void Poll(AfXdpRxQueue queue)
        {
            if (_options.Core is int core && _queues.Count == 1)
                CorePinning.PinCurrentThread(core);
            PcapFileWriter? writer = null;
            if (_options.WriteDirectory is string dir)
            {
                Directory.CreateDirectory(dir);
                writer = new PcapFileWriter(File.Create(Path.Combine(dir, $"q{queue.QueueId}.pcap")),
                    new CaptureFileWriterOptions { LinkType = 1, SnapLength = 262144, Precision = TimestampPrecision.Nanosecond });
            }
            var burst = new RxPacket[64];
            bool first = true;
            while (!_stopping)
            {
                int n = queue.Receive(burst);
                if (first)
                {
                    _polling.Signal();
                    first = false;
                }
                if (n == 0)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                if (writer is not null)
                {
                    for (int i = 0; i < n; i++)
                        writer.Write(burst[i].Seconds, burst[i].Nanoseconds, burst[i].WireLength, burst[i].Bytes);
                }
                Interlocked.Add(ref _delivered, n);
            }
            writer?.Dispose();
        }

        public void Stop()
        {
            _stopping = true;
            foreach (Thread thread in _threads)
                thread.Join();
        }

        public void Report()
        {
        }

        public void Dispose() => _polling.Dispose();
    }

    /// <summary>The appliance's data path: a QueuePoller per queue running the filter into a zbuf descriptor, and a
    /// consumer thread per descriptor that reads each handed-over buffer in place and gives it back.</summary>
    internal sealed class ZbufCapture : ICapture
    {
        private const int BufferSize = 8 * 1024 * 1024;
        private readonly List<(QueuePoller Poller, ZbufDescriptor Descriptor, ZbufReader Reader, Thread Consumer)> _paths = [];
        private readonly CancellationTokenSource _stopConsumers = new();
        private long _delivered;

        public ZbufCapture(IReadOnlyList<IRxQueue> queues, CapturerOptions options)
        {
            foreach (IRxQueue queue in queues)
            {
                IPacketFilter filter = options.Filter is null
                    ? AcceptAllFilter.Instance
                    : PacketFilter.Create(PcapExpression.Compile(options.Filter, 1, (int)queue.SnapLength));
                BufferPair pair = BufferPair.Allocate($"afxdp-q{queue.QueueId}", BufferSize, HugepagePolicy.Prefer, out _);
                var descriptor = new ZbufDescriptor(pair, new DescriptorOptions { ReadTimeout = TimeSpan.FromMilliseconds(20) });
                var reader = new ZbufReader(pair.A, pair.B, ownsBuffers: false);
                var poller = new QueuePoller(queue, new PollerOptions
                {
                    BurstSize = 64,
                    Core = queues.Count == 1 ? options.Core : null,
                    Idle = options.Idle,
                });
                poller.Attach(new CaptureTap(descriptor, filter));
                var consumer = new Thread(() => Consume(reader)) { Name = $"consumer-q{queue.QueueId}" };
                _paths.Add((poller, descriptor, reader, consumer));
            }
        }

        public long Delivered => Interlocked.Read(ref _delivered);

        /// <summary>QueuePoller has no first-poll signal: give its threads a moment.</summary>
        public void WaitUntilPolling() => Thread.Sleep(100);

        public void Start()
        {
            foreach (var path in _paths)
            {
                path.Consumer.Start();
                path.Poller.Start($"poll-q{path.Poller.Queue.QueueId}");
            }
        }

        private void Consume(ZbufReader reader)
        {
            while (true)
            {
                if (!reader.Acquire(out ZbufLease lease, TimeSpan.FromMilliseconds(50), _stopConsumers.Token))
                {
                    if (_stopConsumers.IsCancellationRequested)
                        return;
                    continue;
                }
                long records = 0;
                RecordEnumerator e = lease.Records;
                while (e.MoveNext())
                    records++;
                reader.Release(lease);
                Interlocked.Add(ref _delivered, records);
            }
        }

        public void Stop()
        {
            foreach (var path in _paths)
                path.Poller.Stop();
            foreach (var path in _paths)
                path.Poller.Join(Timeout.InfiniteTimeSpan);
            // The pollers handed their last buffers over on the way out; let the consumers read them.
            Thread.Sleep(200);
            _stopConsumers.Cancel();
            foreach (var path in _paths)
                path.Consumer.Join();
        }

        public void Report()
        {
            foreach (var path in _paths)
            {
                DescriptorStatistics d = path.Descriptor.Statistics;
                Console.WriteLine($"descriptor queue={path.Poller.Queue.QueueId} {d}");
            }
        }

        public void Dispose()
        {
            foreach (var path in _paths)
            {
                path.Poller.Dispose();
                path.Reader.Dispose();
                path.Descriptor.Dispose();
            }
            _stopConsumers.Dispose();
        }
    }
}
