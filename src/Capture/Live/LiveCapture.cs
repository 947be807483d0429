using Probe.Filter;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.Control;

namespace Probe.Capture.Live;

/// <summary>
/// zcap -i: asks the appliance for one zero-copy descriptor per queue of the interface, reads the buffers in place,
/// merges the queues in timestamp order into the output, and on SIGINT/SIGTERM (or -c, or -G -W's limit) collects
/// what the appliance still holds before printing tcpdump's counts.
/// </summary>
internal sealed class LiveCapture(ZcapOptions options, TextWriter error)
{
    public int Run(CancellationToken stop)
    {
        (string device, int queue) = ParseInterface(options.Interface!);
        using ControlClient client = ControlClient.Connect(options.ControlSocket);
        client.SetBufferMode(ControlProtocol.BufferModeZeroCopy);
        AttachResult attached = client.Attach(device, queue);
        uint snaplen = options.SnapLength is > 0 and int s ? (uint)s : 262144;
        client.SetSnapLength(snaplen);
        string? expression = FilterText.Of(options);
        if (!string.IsNullOrWhiteSpace(expression))
            client.SetFilterExpression(expression); // libpcap's own message if it does not compile
        client.SetTimestampFormat(TimestampFormat.Nanotime);
        TimeSpan timeout = options.Immediate ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromSeconds(1);
        client.SetTimeout(timeout);
        client.SetImmediate(options.Immediate);

        var writerOptions = new CaptureFileWriterOptions
        {
            LinkType = attached.LinkType,
            SnapLength = (int)Math.Min(snaplen, attached.SnapLength),
            Precision = options.Precision,
        };
        IReadOnlyList<ZbufReader> readers = client.AllocateBuffers(BufferBytes(), options.Hugepages, out _);
        using ConsumerWakeup wakeup = client.GetWakeup();
        error.WriteLine($"zcap: listening on {device}{(queue >= 0 ? $":{queue}" : "")} ({attached.Queues} queue(s)), " +
                        $"link-type {LinkTypeNames.Describe(LinkTypeMap.LinkTypeToDlt(attached.LinkType))}, snapshot length {snaplen} bytes");

        var cursors = readers.Select(r => new QueueCursor(r)).ToList();
        var merger = new QueueMerger(cursors, timeout);
        long written = 0;
        long limit = options.Count ?? long.MaxValue;
        using (var output = new RotatingCaptureFile(options.WriteFile!, options.OutputFormat, writerOptions, options.Rotation))
        {
            while (!stop.IsCancellationRequested && written < limit && !output.FileLimitReached)
            {
                int n = merger.WriteReady(output, limit - written, final: false);
                written += n;
                if (n == 0)
                    wakeup.Wait(readers, TimeSpan.FromMilliseconds(100)); // blocks only while nothing is ready
            }
            if (!output.FileLimitReached && written < limit)
                written += CollectRemainder(client, merger, output, limit - written, timeout);
            if (output.FileLimitReached)
                error.WriteLine($"Maximum file limit reached: {options.Rotation.FileCount}");
            foreach (QueueCursor c in cursors)
                c.Release();
        }

        DescriptorSetStatistics stats = client.GetStatistics();
        CaptureSummary.Print(error, written, new DescriptorStatistics(stats.Received, 0, stats.Captured, stats.Dropped, 0, 0, 0));
        error.WriteLine($"{stats.NicDropped} packet{(stats.NicDropped == 1 ? "" : "s")} dropped by interface");
        client.Close();
        foreach (ZbufReader r in readers)
            r.Dispose();
        return 0;
    }

    /// <summary>At the end: ask for the partly filled stores and write everything the appliance hands over.</summary>
    private static long CollectRemainder(ControlClient client, QueueMerger merger, RotatingCaptureFile output, long limit, TimeSpan timeout)
    {
        client.Rotate();
        long written = 0;
        DateTime until = DateTime.UtcNow + timeout + TimeSpan.FromMilliseconds(200);
        while (DateTime.UtcNow < until && written < limit)
        {
            written += merger.WriteReady(output, limit - written, final: true);
            client.Rotate(); // a hold still out when the first rotation was asked blocks nothing now
            Thread.Sleep(10);
        }
        return written + merger.WriteReady(output, limit - written, final: true);
    }

    private int BufferBytes()
    {
        long bytes = (long)options.BufferKiB * 1024;
        long page = Environment.SystemPageSize;
        return (int)Math.Min((bytes + page - 1) / page * page, int.MaxValue - page + 1);
    }

    /// <summary>IFACE or IFACE:QUEUE.</summary>
    private static (string, int) ParseInterface(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out int queue) && queue >= 0)
            return (text[..colon], queue);
        return (text, ControlProtocol.AllQueues);
    }
}
