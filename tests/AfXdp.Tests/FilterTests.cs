using Probe.Filter;
using Probe.Filter.Expressions;
using Probe.Ingest.Tests;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;
using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// The appliance's data path over AF_XDP: the queue feeds a QueuePoller whose tap runs a libpcap-compiled filter
/// into a zbuf descriptor, read by a ZbufReader. What the reader gets must be exactly the frames tcpdump selects
/// from the same file with the same expression (tcpdump -r FILE -w OUT EXPR is the oracle), in order.
/// </summary>
public sealed class FilterTests : IClassFixture<LabFixture>
{
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public FilterTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Theory]
    [InlineData(XdpModeRequest.Native, "tcpdump-tests/dhcp-rfc4388.pcap", "udp")]
    [InlineData(XdpModeRequest.Generic, "tcpdump-tests/dhcp-rfc4388.pcap", "arp or icmp")]
    [InlineData(XdpModeRequest.Native, "tcpdump-tests/vrrp.pcap", "ip6")]
    [InlineData(XdpModeRequest.Native, "tcpdump-tests/mptcp-v0.pcap", "tcp[tcpflags] & tcp-syn != 0")]
    [InlineData(XdpModeRequest.Generic, "tcpdump-tests/of13_ericsson.pcapng", "greater 1000")]
    public void With_a_filter_the_captured_set_is_tcpdumps_selection(XdpModeRequest mode, string file, string expression)
    {
        string path = Corpus.Full(file);
        List<byte[]> expected = TcpdumpSelection(path, expression);
        Assert.NotEmpty(expected);

        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = _fixture.Lab.CaptureInterface,
            Queues = [0],
            Mode = mode,
            FrameCount = 1024,
        }, new TestLog(_output));
        using AfXdpRxQueue queue = queues[0];
        using BufferPair pair = BufferPair.Allocate("afxdp-filter-test", 1 << 20, HugepagePolicy.Never, out _);
        using var descriptor = new ZbufDescriptor(pair, new DescriptorOptions { ReadTimeout = TimeSpan.FromMilliseconds(20) });
        using var reader = new ZbufReader(pair.A, pair.B, ownsBuffers: false);
        IPacketFilter filter = PacketFilter.Create(PcapExpression.Compile(expression, dlt: 1, snapLength: (int)queue.SnapLength));
        var captured = new List<byte[]>();
        using (var poller = new QueuePoller(queue, new PollerOptions { Idle = IdlePolicy.Backoff }))
        {
            poller.Attach(new CaptureTap(descriptor, filter));
            poller.Start("afxdp-filter-test");
            ProbeSend.Send(_fixture.Lab, path, "-C", "0");
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (captured.Count < expected.Count && DateTime.UtcNow < deadline)
            {
                if (!reader.Acquire(out ZbufLease lease, TimeSpan.FromMilliseconds(100)))
                    continue;
                foreach (ZbufRecord record in lease.Records)
                    captured.Add(record.Data.ToArray());
                reader.Release(lease);
            }
            poller.Stop();
            poller.Join(TimeSpan.FromSeconds(5));
            Assert.Null(poller.Fault);
        }

        DescriptorStatistics stats = descriptor.Statistics;
        _output.WriteLine($"{expected.Count} selected by tcpdump; {captured.Count} captured; {stats}; {queue.Statistics}");
        Assert.Equal(expected.Count, captured.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(captured[i]), $"frame {i} of the selection differs");
        Assert.Equal((ulong)Read(path).Count, stats.Received);
        Assert.Equal((ulong)expected.Count, stats.Matched);
        Assert.Equal(0ul, stats.Dropped);
    }

    private List<byte[]> TcpdumpSelection(string path, string expression)
    {
        string output = Path.Combine(_fixture.Temp, "tcpdump-selection.pcap");
        ProcessRunner.Check("tcpdump", "-r", path, "-w", output, expression);
        return Read(output);
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
