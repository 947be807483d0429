using Probe.Ingest.Replay;

namespace Probe.Ingest.Tests;

public class ReplayQueueTests : RxQueueContract
{
    protected override IRxQueue OpenQueue(string file) => new PcapReplayQueue(file, new ReplayOptions());

    [Fact]
    public void Bursts_larger_than_the_arena_spill_without_overwriting_packets_in_use()
    {
        // Two 80 KB BIG TCP frames and the 65 KB jumbogram, three times over: a burst spills more than once.
        string[] files = ["tcpdump-tests/bigtcp-ipv4.pcap", "tcpdump-tests/bigtcp-ipv6-hbh.pcap", "tcpdump-tests/ipv6_jumbogram_1.pcap"];
        foreach (string file in files)
        {
            List<Frame> one = ReadWithPcapReader(Corpus.Full(file));
            using var queue = new PcapReplayQueue(Corpus.Full(file), new ReplayOptions { Passes = 40 });
            var burst = new RxPacket[32];
            int n = queue.Receive(burst);
            Assert.True(n > 1);
            for (int i = 0; i < n; i++)
                Assert.True(burst[i].Bytes.SequenceEqual(one[0].Bytes), $"{file}: packet {i} of the burst was overwritten");
        }
    }

    [Fact]
    public void A_malformed_record_ends_the_replay_after_the_packets_before_it()
    {
        byte[] file = File.ReadAllBytes(Corpus.Full("tcpdump-tests/dhcp-rfc4388.pcap"));
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "cut.pcap");
        File.WriteAllBytes(path, file[..(file.Length - 100)]);
        int expected = ReadFrames(Corpus.Full("tcpdump-tests/dhcp-rfc4388.pcap")) - 1;

        using var queue = new PcapReplayQueue(path, new ReplayOptions());
        var burst = new RxPacket[32];
        int received = 0;
        void ReceiveUntilFault()
        {
            while (true)
                received += queue.Receive(burst);
        }
        var e = Assert.Throws<RxSourceException>(ReceiveUntilFault);
        Assert.Equal(expected, received);
        Assert.StartsWith($"{path}: offset ", e.Message);
    }

    [Fact]
    public void Passes_and_rate_limit_are_applied()
    {
        string file = Corpus.Full("tcpdump-tests/dns_udp.pcap"); // 2 packets
        using var queue = new PcapReplayQueue(file, new ReplayOptions { Passes = 3, RatePps = 100 });
        var burst = new RxPacket[32];
        var started = System.Diagnostics.Stopwatch.StartNew();
        int received = 0;
        while (!queue.IsExhausted && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            received += queue.Receive(burst);
            Thread.Sleep(1);
        }
        Assert.Equal(6, received);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(40), $"6 packets at 100 pps took only {started.Elapsed}");
    }

    private static int ReadFrames(string file) => ReadWithPcapReader(file).Count;
}
