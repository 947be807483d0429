using Probe.Capture.Tests;
using Probe.Zbuf;
using Probe.Zbuf.Control;
using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.Tests;

/// <summary>
/// Several consumers on the same queue at once: each gets exactly its own filter's selection, and one that never
/// acknowledges a buffer loses only its own packets.
/// </summary>
public class ConsumerIsolationTests
{
    [Fact]
    public async Task Two_filters_get_their_own_selections_and_a_consumer_that_never_acknowledges_drops_only_its_own()
    {
        using var appliance = new LiveAppliance(frames: 20_000, ratePps: 20_000, waitForConsumers: 3);
        var filters = new[] { "udp port 53", "tcp and dst port 80" };
        int[] expected = filters.Select(f => PacketCount.Selected(appliance.Source, f)).ToArray();
        Assert.All(expected, n => Assert.True(n > 500, "the generated traffic should match each filter often"));

        // The third consumer: attaches with small buffers and never hands one back.
        using ControlClient stuck = appliance.Connect();
        stuck.Attach("demo0");
        stuck.SetFilterExpression("udp");
        IReadOnlyList<ZbufReader> stuckReaders = stuck.AllocateBuffers(64 * 1024, HugepagePolicy.Never, out _);

        string[] outputs = filters.Select((_, i) => Path.Combine(appliance.Directory, $"c{i}.pcap")).ToArray();
        Task<Tool.Result>[] consumers = filters.Select((f, i) => Task.Run(() =>
            appliance.Zcap("-i", "demo0", "-w", outputs[i], "-c", expected[i].ToString(), f))).ToArray();
        Tool.Result[] results = await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromSeconds(60));

        for (int i = 0; i < filters.Length; i++)
        {
            Tool.Result r = results[i];
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains($"{expected[i]} packets captured", r.Stderr);
            Assert.Contains("0 packets dropped by kernel", r.Stderr);
            // Same packets, bytes and lengths as tcpdump selects from the source (timestamps are replay times).
            Assert.Equal(Decode(appliance.Source, filters[i]), Decode(outputs[i], ""));
        }
        DescriptorSetStatistics stuckStats = stuck.GetStatistics();
        Assert.True(stuckStats.Dropped > 0, $"the consumer that never acknowledges should drop: {stuckStats.Queues[0]}");
        Assert.Equal(stuckStats.Queues[0].Matched, stuckStats.Queues[0].Captured + stuckStats.Queues[0].Dropped);
        foreach (ZbufReader r in stuckReaders)
            r.Dispose();
    }

    /// <summary>tcpdump's view without timestamps: packet bytes and lengths in order.</summary>
    private static string Decode(string file, string filter) =>
        Tool.Run("tcpdump", ["-r", file, "-t", "-nn", "-x", .. filter.Length > 0 ? new[] { filter } : []]).Stdout;
}
