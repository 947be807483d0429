using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Ingest;
using Probe.Ingest.Replay;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Capture;

/// <summary>
/// zcap -r: the file is replayed as an rx queue through a real zbuf descriptor, and the output file is written
/// by a consumer that maps the descriptor's buffers separately (through /proc/self/fd, exactly as another process
/// would) and reads them in place. The descriptor waits for the consumer instead of dropping: a file can wait.
/// </summary>
internal sealed class OfflineCapture(ZcapOptions options, TextWriter error)
{
    public int Run(CancellationToken stop)
    {
        using PcapFileReader input = PcapFileReader.OpenFile(options.ReadFile!);
        error.WriteLine($"reading from file {DisplayName(options.ReadFile!)}, link-type {LinkTypeNames.Describe(input.DataLink)}, " +
                        $"snapshot length {input.SnapLength}");
        // Compiled before the output is created: an expression libpcap refuses leaves no file behind.
        string? expression = FilterText.Of(options);
        IPacketFilter filter = string.IsNullOrWhiteSpace(expression)
            ? AcceptAllFilter.Instance
            : PacketFilter.Create(PcapExpression.CompileForCaptureFile(expression, options.ReadFile!));

        var writerOptions = CaptureFileWriterOptions.ForCopyOf(input, options.Precision);
        using BufferPair buffers = BufferPair.Allocate("zcap", BufferSize(), options.Hugepages, out string? notice);
        if (notice is not null)
            error.WriteLine($"zcap: notice: {notice}");
        var descriptor = new ZbufDescriptor(buffers, new DescriptorOptions
        {
            LinkType = input.LinkType,
            SnapLength = uint.MaxValue, // tcpdump -r ignores -s: the file's own snapshot length applies
            TimestampFormat = TimestampFormat.Nanotime,
            ReadTimeout = TimeSpan.Zero,
            Backpressure = true,
        });
        using var queue = new PcapReplayQueue(input, new ReplayOptions { Precision = options.Precision });
        using var poller = new QueuePoller(queue, new PollerOptions { Idle = IdlePolicy.Backoff });
        poller.Attach(new CaptureTap(descriptor, filter));

        using ZbufReader consumerView = ZbufReader.Open(buffers.A.ProcPath, buffers.B.ProcPath);
        long written;
        using (var output = new RotatingCaptureFile(options.WriteFile!, options.OutputFormat, writerOptions, options.Rotation))
        {
            var writer = new RecordWriter(consumerView, output, options.Count);
            poller.Start("zcap-replay");
            try
            {
                ConsumerLoop.Run(consumerView, writer, () => poller.IsFinished, stop);
            }
            finally
            {
                // Whatever happens to the consumer, the producer must not wait on it any longer.
                poller.Stop();
                descriptor.Abandon();
                poller.Join(Timeout.InfiniteTimeSpan);
                written = writer.Written;
            }
        }

        CaptureSummary.Print(error, written, descriptor.Statistics);
        if (poller.Fault is { } fault)
        {
            error.WriteLine($"zcap: {fault.Message}");
            return 1;
        }
        return 0;
    }

    private int BufferSize()
    {
        long bytes = (long)options.BufferKiB * 1024;
        long page = Environment.SystemPageSize;
        return (int)Math.Min((bytes + page - 1) / page * page, int.MaxValue - page + 1);
    }


    private static string DisplayName(string path) => path == "-" ? "-" : path;
}
