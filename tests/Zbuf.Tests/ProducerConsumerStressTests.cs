using System.Diagnostics;
using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;
using Xunit.Abstractions;

namespace Probe.Zbuf.Tests;

/// <summary>
/// Millions of sequence-numbered packets through one descriptor to a consumer in another process that holds
/// buffers for random times: every accepted packet is read exactly once, intact and in order, or counted as
/// dropped; the counters satisfy their invariants at every read; no consumer-owned buffer changes.
/// </summary>
public class ProducerConsumerStressTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(8192, 300, 400_000, 200, 1)]           // tiny buffers: a few dozen records, hand-over every few µs
    [InlineData(4 * 1024 * 1024, 1500, 2_000_000, 3000, 2)] // large buffers, full-size frames
    [InlineData(2 * 1024 * 1024, 64, 3_000_000, 50, 3)]    // hugepage-sized buffers, small frames
    public unsafe void Every_packet_is_read_once_intact_in_order_or_counted_as_dropped(
        int bufferSize, int maxLength, int packets, int maxDelayMicros, int seed)
    {
        using BufferPair pair = BufferPair.Allocate("stress", bufferSize, HugepagePolicy.Prefer, out _);
        using var descriptor = new ZbufDescriptor(pair, new DescriptorOptions { ReadTimeout = TimeSpan.FromMilliseconds(1) });
        using Process consumer = StartConsumer(pair, seed, maxDelayMicros, maxLength);

        string? violation = null;
        using var stop = new CancellationTokenSource();
        long reads = 0;
        var monitor = new Thread(() =>
        {
            while (!stop.IsCancellationRequested && violation is null)
            {
                DescriptorStatistics s = descriptor.Statistics;
                if (s.Matched != s.Captured + s.Dropped || s.Received < s.Matched)
                    violation = s.ToString();
                reads++;
                Thread.SpinWait(100); // leave the two cores mostly to the producer and the consumer
            }
        });
        monitor.Start();

        var random = new Random(seed);
        byte[] packet = new byte[maxLength];
        ulong accepted = 0, capturedCount = 0, sum = 0, mixed = 0;
        for (ulong seq = 0; seq < (ulong)packets; seq++)
        {
            int length = StressPacket.LengthOf(seq, maxLength);
            StressPacket.Fill(packet.AsSpan(0, length), seq);
            bool keep = StressPacket.IsAccepted(seq);
            OfferResult outcome = descriptor.Offer(packet.AsSpan(0, length), (uint)length, keep ? uint.MaxValue : 0,
                StressPacket.SecondsOf(seq), StressPacket.NanosOf(seq));
            if (keep)
                accepted++;
            if (outcome == OfferResult.Captured)
            {
                capturedCount++;
                sum += seq;
                mixed += StressPacket.Mix(seq);
            }
            if (seq % 32 == 0)
            {
                descriptor.Tick(Stopwatch.GetTimestamp());
                // Alternate fast phases (the consumer falls behind and packets drop) with paced ones, where the
                // producer gives the consumer time to return the hold buffer before the store fills: both regimes
                // occur however busy the machine is.
                while (seq / 50_000 % 2 == 1 && descriptor.BufferStatus is { ConsumerOwned: > 0, StoreLength: var stored }
                       && stored > bufferSize / 2)
                {
                    Thread.Yield();
                    descriptor.Tick(Stopwatch.GetTimestamp());
                }
            }
        }
        Assert.True(descriptor.Drain(TimeSpan.FromSeconds(30)), "the consumer never returned a buffer");
        consumer.StandardInput.WriteLine("done");
        string result = consumer.StandardOutput.ReadToEnd();
        Assert.True(consumer.WaitForExit(30_000));
        stop.Cancel();
        monitor.Join();

        DescriptorStatistics final = descriptor.Statistics;
        output.WriteLine($"{final}; consumer: {result.Trim()}; {reads} counter reads");
        Assert.Equal(0, consumer.ExitCode);
        Assert.Null(violation);
        Assert.Equal((ulong)packets, final.Received);
        Assert.Equal(accepted, final.Matched);
        Assert.Equal(capturedCount, final.Captured);
        Assert.True(final.Dropped > 0, "the slow consumer should have caused drops; the test is not exercising them");
        Assert.True(final.Captured > final.Matched / 10, "too few packets captured for a meaningful run");
        Assert.Equal($"received={capturedCount} sum={sum} mixed={mixed} buffers={final.HandOvers} corrupt=0 outoforder=0 changed=0 malformed=0",
            result.Trim());
    }

    private static Process StartConsumer(BufferPair pair, int seed, int maxDelayMicros, int maxLength)
    {
        string dll = Path.Combine(AppContext.BaseDirectory.Replace("Zbuf.Tests", "Zbuf.StressConsumer"), "Zbuf.StressConsumer.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (string arg in new[] { dll, pair.A.ProcPath, pair.B.ProcPath,
                     seed.ToString(), maxDelayMicros.ToString(), maxLength.ToString() })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
