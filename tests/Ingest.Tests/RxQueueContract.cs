using Probe.Pcap;

namespace Probe.Ingest.Tests;

/// <summary>
/// The behaviour every rx backend must show, run against each one: a backend that is fed a capture file (replayed
/// directly, through DPDK's net_pcap, or sent over a veth) delivers exactly the file's frames, in order, intact.
/// A subclass says how to build its queue for a file.
/// </summary>
public abstract class RxQueueContract
{
    /// <summary>An rx queue that will deliver the frames of <paramref name="file"/> (Ethernet).</summary>
    protected abstract IRxQueue OpenQueue(string file);

    /// <summary>Whether the backend delivers the file's own timestamps (a live backend stamps arrival time).</summary>
    protected virtual bool DeliversFileTimestamps => true;

    /// <summary>The resolution, in nanoseconds, at which the backend delivers the file's timestamps.</summary>
    protected virtual long TimestampResolutionNs => 1;

    public static TheoryData<string> EthernetFiles() =>
    [
        "tcpdump-tests/dhcp-rfc4388.pcap",
        "tcpdump-tests/mptcp-v0.pcap",
        "tcpdump-tests/vrrp.pcap",
        "tcpdump-tests/of13_ericsson.pcapng",
    ];

    [Theory]
    [MemberData(nameof(EthernetFiles))]
    public void Delivers_every_frame_in_order_with_its_bytes_and_lengths(string file)
    {
        List<Frame> expected = ReadWithPcapReader(Corpus.Full(file));
        using IRxQueue queue = OpenQueue(Corpus.Full(file));
        List<Frame> received = ReceiveAll(queue, expected.Count, TimeSpan.FromSeconds(20));

        Assert.Equal(expected.Count, received.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Bytes.AsSpan().SequenceEqual(received[i].Bytes), $"frame {i} differs");
            Assert.Equal(expected[i].WireLength, received[i].WireLength);
            if (DeliversFileTimestamps)
                Assert.Equal((expected[i].Seconds, expected[i].Nanoseconds / (ulong)TimestampResolutionNs),
                    (received[i].Seconds, received[i].Nanoseconds / (ulong)TimestampResolutionNs));
        }
        RxQueueStatistics stats = queue.Statistics;
        Assert.Equal((ulong)expected.Count, stats.Packets);
        Assert.Equal(1, queue.LinkType);
    }

    protected sealed record Frame(byte[] Bytes, uint WireLength, long Seconds, ulong Nanoseconds);

    protected static List<Frame> ReadWithPcapReader(string file)
    {
        var frames = new List<Frame>();
        using PcapFileReader reader = PcapFileReader.OpenFile(file);
        while (reader.TryRead(out PcapRecord r))
            frames.Add(new Frame(r.Data.ToArray(), r.WireLength, r.Seconds, r.Nanoseconds));
        return frames;
    }

    /// <summary>Polls until <paramref name="count"/> frames arrived, the queue ends, or the time is up.</summary>
    protected static List<Frame> ReceiveAll(IRxQueue queue, int count, TimeSpan limit)
    {
        var frames = new List<Frame>();
        var burst = new RxPacket[32];
        DateTime deadline = DateTime.UtcNow + limit;
        while (frames.Count < count && DateTime.UtcNow < deadline && !queue.IsExhausted)
        {
            int n = queue.Receive(burst);
            for (int i = 0; i < n; i++)
                frames.Add(new Frame(burst[i].Bytes.ToArray(), burst[i].WireLength, burst[i].Seconds, burst[i].Nanoseconds));
            if (n == 0)
                Thread.Sleep(1);
        }
        return frames;
    }
}
