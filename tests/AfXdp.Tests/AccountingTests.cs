using Probe.Ingest.Tests;
using Probe.Pcap;
using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// Real traffic over the veth, sent as fast as probe-send goes: every frame the peer's device accepted is either
/// captured, byte for byte and in its sender's order, or counted by a named XDP_STATISTICS counter. (A frame the
/// sender's device refused never left: probe-send counts it, and the veth's own tx_dropped must agree.)
/// </summary>
public sealed class AccountingTests : IClassFixture<LabFixture>
{
    private const int FramesPerSender = 50_000;
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public AccountingTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private VethLab Lab => _fixture.Lab;

    /// <summary>
    /// One sender per queue, pinned to CPU q. With PACKET_QDISC_BYPASS the kernel sends on tx queue (CPU % queues),
    /// and a veth delivers on the peer's rx queue of the same number in native mode; so in native mode sender q's
    /// frames must all arrive on queue q. Generic XDP on a veth sees every frame as rx queue 0 (the skb carries no
    /// recorded rx queue), so there only the totals and each sender's order are checked.
    /// </summary>
    [Theory]
    [InlineData(XdpModeRequest.Native, 1)]
    [InlineData(XdpModeRequest.Native, 2)]
    [InlineData(XdpModeRequest.Generic, 1)]
    [InlineData(XdpModeRequest.Generic, 2)]
    public void Every_frame_sent_is_captured_in_order_or_counted_as_dropped(XdpModeRequest mode, int queueCount)
    {
        string[] files = Enumerable.Range(0, queueCount)
            .Select(tag => TestFrames.Write(_fixture.Temp, (byte)tag, FramesPerSender)).ToArray();
        Dictionary<(byte, int), byte[]> sentFrames = Index(files);
        var log = new TestLog(_output);
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = Lab.CaptureInterface,
            QueueCount = queueCount,
            Mode = mode,
        }, log);
        try
        {
            using var collector = new QueueCollector(queues);
            collector.Start();
            long droppedBefore = Lab.SenderTxDropped();
            ProbeSend.Result[] sent = Enumerable.Range(0, queueCount)
                .Select(q => Task.Run(() => ProbeSend.Send(Lab, files[q], "-C", q.ToString())))
                .ToArray().Select(t => t.Result).ToArray();
            long accepted = sent.Sum(s => s.Sent);
            collector.StopWhen(() => collector.Total + (long)Drops(queues) >= accepted, TimeSpan.FromSeconds(20));

            foreach (ProbeSend.Result s in sent)
                _output.WriteLine(s.Output.Trim());
            for (int q = 0; q < queueCount; q++)
                _output.WriteLine($"queue {q}: {collector.FramesOf(q).Count} captured, {queues[q].XdpStatistics}");

            Assert.Equal((long)FramesPerSender * queueCount, sent.Sum(s => s.Sent + s.Refused));
            Assert.Equal(sent.Sum(s => s.Refused), Lab.SenderTxDropped() - droppedBefore);
            Assert.Equal(accepted, collector.Total + (long)Drops(queues));
            // Drops are expected (the collector copies every frame, on a shared machine); a capture of almost nothing
            // would make the order and byte checks below vacuous.
            Assert.True(collector.Total > accepted / 10, $"only {collector.Total} of {accepted} captured: the test proves little");

            for (int q = 0; q < queueCount; q++)
            {
                IReadOnlyList<QueueCollector.Frame> frames = collector.FramesOf(q);
                Assert.Equal((ulong)frames.Count, queues[q].Statistics.Packets);
                var lastSeq = new Dictionary<byte, int>();
                foreach (QueueCollector.Frame frame in frames)
                {
                    (byte tag, int seq) = TestFrames.Identify(frame.Bytes);
                    Assert.True(sentFrames.TryGetValue((tag, seq), out byte[]? original), $"queue {q}: a frame nobody sent");
                    Assert.True(original.AsSpan().SequenceEqual(frame.Bytes), $"queue {q}: frame {tag}/{seq} differs from what was sent");
                    Assert.Equal((uint)original.Length, frame.WireLength);
                    Assert.True(seq > lastSeq.GetValueOrDefault(tag, -1), $"queue {q}: sender {tag}'s frame {seq} arrived out of order");
                    lastSeq[tag] = seq;
                    if (mode == XdpModeRequest.Native)
                        Assert.Equal(q, tag);
                }
            }
        }
        finally
        {
            foreach (AfXdpRxQueue queue in queues)
                queue.Dispose();
        }
    }

    [Theory]
    [InlineData(XdpModeRequest.Native)]
    [InlineData(XdpModeRequest.Generic)]
    public void Frames_that_find_no_free_UMEM_frame_are_counted_in_rx_dropped(XdpModeRequest mode)
    {
        // Nobody polls while 3000 frames arrive at a 256-frame UMEM: 256 fill the rx ring, the rest find the fill
        // ring empty.
        const int frameCount = 256;
        string file = TestFrames.Write(_fixture.Temp, 7, 3000);
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = Lab.CaptureInterface,
            Queues = [0],
            Mode = mode,
            FrameCount = frameCount,
        }, new TestLog(_output));
        using AfXdpRxQueue queue = queues[0];
        ProbeSend.Result sent = ProbeSend.Send(Lab, file, "-C", "0");
        _output.WriteLine(sent.Output.Trim());

        using var collector = new QueueCollector(queues);
        collector.Start();
        collector.StopWhen(() => collector.Total >= frameCount, TimeSpan.FromSeconds(5));
        XdpSocketStatistics x = queue.XdpStatistics;
        RxQueueStatistics s = queue.Statistics;
        _output.WriteLine($"{x}; {s}");

        Assert.Equal(frameCount, collector.Total);
        Assert.Equal(sent.Sent, collector.Total + (long)x.RxDropped + (long)x.RxRingFull);
        Assert.True(x.RxDropped > 0);
        Assert.True(x.RxFillRingEmptyDescs > 0, "the drops should be for want of a fill-ring frame");
        Assert.Equal(x.RxDropped, s.NoBuffer);
        Assert.Equal(x.RxRingFull, s.MissedByNic);
        Assert.Equal((ulong)collector.Total, s.Packets);
        // What did arrive is the first 256 frames, in order.
        Assert.Equal(Enumerable.Range(0, frameCount), collector.FramesOf(0).Select(f => TestFrames.Identify(f.Bytes).Seq));
    }

    [Fact]
    public void Without_multi_buffer_a_frame_longer_than_a_UMEM_frame_is_counted_in_rx_dropped()
    {
        // of13_ericsson.pcapng has frames up to 11858 bytes; a 4096-byte frame holds 4096 - 256 bytes of packet.
        string file = Corpus.Full("tcpdump-tests/of13_ericsson.pcapng");
        List<byte[]> all = Read(file);
        const int capacity = 4096 - 256;
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = Lab.CaptureInterface,
            Queues = [0],
            Mode = XdpModeRequest.Generic,
            MultiBuffer = false,
        }, new TestLog(_output));
        using AfXdpRxQueue queue = queues[0];
        Assert.False(queue.Mode.MultiBuffer);
        Assert.Equal((uint)capacity, queue.SnapLength);
        using var collector = new QueueCollector(queues);
        collector.Start();
        ProbeSend.Send(Lab, file, "-C", "0");
        List<byte[]> fitting = all.Where(f => f.Length <= capacity).ToList();
        collector.StopWhen(() => collector.Total >= fitting.Count, TimeSpan.FromSeconds(5));

        Assert.True(all.Count > fitting.Count, "the file should hold frames too long for one UMEM frame");
        Assert.Equal((ulong)(all.Count - fitting.Count), queue.XdpStatistics.RxDropped);
        Assert.Equal(fitting.Count, collector.FramesOf(0).Count);
        for (int i = 0; i < fitting.Count; i++)
            Assert.True(fitting[i].AsSpan().SequenceEqual(collector.FramesOf(0)[i].Bytes), $"frame {i} differs");
    }

    [Fact]
    public void Native_mode_without_multi_buffer_explains_an_MTU_too_large_for_XDP()
    {
        var e = Assert.Throws<AfXdpException>(() => AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = Lab.CaptureInterface,
            Mode = XdpModeRequest.Native,
            MultiBuffer = false,
        }, new TestLog(_output)));
        _output.WriteLine(e.Message);
        Assert.Contains("native mode failed", e.Message);
        Assert.Contains("MTU", e.Message);
        Assert.Contains("multi_buffer: true", e.Message);
        Assert.Null(Lab.AttachedProgram());
    }

    private static ulong Drops(IReadOnlyList<AfXdpRxQueue> queues)
    {
        ulong drops = 0;
        foreach (AfXdpRxQueue queue in queues)
        {
            XdpSocketStatistics x = queue.XdpStatistics;
            drops += x.RxDropped + x.RxRingFull;
        }
        return drops;
    }

    private static Dictionary<(byte, int), byte[]> Index(IEnumerable<string> files)
    {
        var index = new Dictionary<(byte, int), byte[]>();
        foreach (string file in files)
            foreach (byte[] frame in Read(file))
                index[TestFrames.Identify(frame)] = frame;
        return index;
    }

    private static List<byte[]> Read(string file)
    {
        var frames = new List<byte[]>();
        using PcapFileReader reader = PcapFileReader.OpenFile(file);
        while (reader.TryRead(out PcapRecord record))
            frames.Add(record.Data.ToArray());
        return frames;
    }
}
