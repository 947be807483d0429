using System.Diagnostics;
using Probe.Ingest.Replay;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.Tests;

public class QueuePollerTests
{
    private static (ZbufDescriptor, ZbufReader) NewDescriptor(DescriptorOptions options, int size = 64 * 1024)
    {
        BufferPair pair = BufferPair.Allocate("poller-test", size, HugepagePolicy.Never, out _);
        return (new ZbufDescriptor(pair, options), ZbufReader.Open(pair.A.ProcPath, pair.B.ProcPath));
    }

    [Fact]
    public void On_an_idle_link_a_partly_filled_store_reaches_the_consumer_within_the_read_timeout()
    {
        // One packet a second: after the first, the link is idle for a second; the store holds one packet.
        var timeout = TimeSpan.FromMilliseconds(200);
        using var queue = new PcapReplayQueue(Corpus.Full("tcpdump-tests/dns_udp.pcap"),
            new ReplayOptions { Passes = 0, RatePps = 1, Lossless = false, RetimeToNow = true });
        (ZbufDescriptor descriptor, ZbufReader reader) = NewDescriptor(new DescriptorOptions { ReadTimeout = timeout });
        using var poller = new QueuePoller(queue, new PollerOptions { Idle = IdlePolicy.Backoff });
        poller.Attach(new CaptureTap(descriptor));
        var clock = Stopwatch.StartNew();
        poller.Start("idle-test");

        // The consumer only reads shared memory: no call that could nudge the producer.
        ZbufLease lease;
        while (!reader.TryAcquire(out lease) && clock.Elapsed < TimeSpan.FromSeconds(4))
            Thread.SpinWait(100);
        DateTime arrived = DateTime.UtcNow;
        poller.Stop();
        poller.Join(TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), "the partly filled store never reached the consumer");
        RecordEnumerator records = lease.Records;
        Assert.True(records.MoveNext());
        // The packet was stamped when the poll thread received it; it waited in the store for the timeout.
        DateTime received = DateTime.UnixEpoch.AddTicks(records.Current.Seconds * TimeSpan.TicksPerSecond + (long)records.Current.Fraction / 100);
        Assert.InRange(arrived - received, timeout, timeout + TimeSpan.FromMilliseconds(150));
        Assert.False(records.MoveNext());
        reader.Release(lease);
        Assert.Equal(1ul, descriptor.Statistics.Timeouts);
        reader.Dispose();
        descriptor.Dispose();
    }

    [Fact]
    public void Descriptors_attach_and_detach_while_the_poll_thread_runs()
    {
        using var queue = new PcapReplayQueue(Corpus.Full("tcpdump-tests/mptcp-v0.pcap"),
            new ReplayOptions { Passes = 0, Lossless = false });
        using var poller = new QueuePoller(queue);
        poller.Start("attach-test");
        var all = new List<(ZbufDescriptor, ZbufReader)>();
        for (int round = 0; round < 200; round++)
        {
            var pair = NewDescriptor(new DescriptorOptions { Immediate = true });
            var tap = new CaptureTap(pair.Item1);
            poller.Attach(tap);
            Thread.SpinWait(2000);
            poller.Detach(tap);
            // Detached: the poll thread no longer touches it, so its counters are final.
            DescriptorStatistics before = pair.Item1.Statistics;
            Thread.Sleep(1);
            Assert.Equal(before, pair.Item1.Statistics);
            Assert.Equal(before.Matched, before.Captured + before.Dropped);
            all.Add(pair);
        }
        poller.Stop();
        poller.Join(TimeSpan.FromSeconds(5));
        Assert.Null(poller.Fault);
        Assert.True(all.Sum(p => (long)p.Item1.Statistics.Received) > 0, "no descriptor saw a packet");
        foreach ((ZbufDescriptor d, ZbufReader r) in all)
        {
            r.Dispose();
            d.Dispose();
        }
    }

    [Fact]
    public void A_source_fault_ends_polling_after_every_earlier_packet_was_handed_over()
    {
        byte[] file = File.ReadAllBytes(Corpus.Full("tcpdump-tests/dhcp-rfc4388.pcap"));
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "cut.pcap");
        File.WriteAllBytes(path, file[..(file.Length - 100)]);
        using var queue = new PcapReplayQueue(path, new ReplayOptions());
        (ZbufDescriptor descriptor, ZbufReader reader) = NewDescriptor(new DescriptorOptions { Backpressure = true, ReadTimeout = TimeSpan.Zero });
        using var poller = new QueuePoller(queue);
        poller.Attach(new CaptureTap(descriptor));
        poller.Run(CancellationToken.None);

        Assert.IsType<RxSourceException>(poller.Fault);
        Assert.True(reader.TryAcquire(out ZbufLease lease));
        int records = 0;
        foreach (ZbufRecord _ in lease.Records)
            records++;
        Assert.Equal(53, records); // 54 packets, the last one cut
        reader.Release(lease);
        reader.Dispose();
        descriptor.Dispose();
    }
}
