using System.Diagnostics;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

public class DescriptorHandOverTests
{
    // 8192-byte buffers: 8160 usable; a 100-byte Ethernet packet makes a 126-byte record, 128 with alignment: 63 fit.
    private const int PerBuffer = 63;

    [Fact]
    public void Hands_over_A_then_B_then_A_each_exactly_once_per_fill()
    {
        using var h = new ZbufHarness();
        for (int i = 0; i < PerBuffer; i++)
            Assert.Equal(OfferResult.Captured, h.Offer(100, fill: 1));
        Assert.Equal(0u, h.KernelGen(0));
        h.Offer(100, fill: 2); // does not fit: A is handed over, B becomes the store
        Assert.Equal(1u, h.KernelGen(0));
        Assert.Equal(0u, h.KernelGen(1));

        Assert.Equal(Enumerable.Repeat((100, (byte)1), PerBuffer), h.ReadNext());
        for (int i = 1; i < PerBuffer; i++)
            h.Offer(100, fill: 2);
        h.Offer(100, fill: 3); // B full, A acknowledged and free: B handed over, A is the store again
        Assert.Equal(1u, h.KernelGen(1));
        Assert.Equal(1u, h.KernelGen(0));
        Assert.Equal(Enumerable.Repeat((100, (byte)2), PerBuffer), h.ReadNext());
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Equal(0ul, h.Descriptor.Statistics.Dropped);
        Assert.Equal(2ul, h.Descriptor.Statistics.HandOvers);
    }

    [Fact]
    public void Drops_when_both_buffers_are_consumer_owned_and_hands_the_full_store_over_once()
    {
        using var h = new ZbufHarness();
        for (int i = 0; i < 2 * PerBuffer; i++)
            h.Offer(100, fill: (byte)(i < PerBuffer ? 1 : 2));
        Assert.Equal(1u, h.KernelGen(0)); // A handed over, not acknowledged
        Assert.Equal(0u, h.KernelGen(1)); // B is the full store

        for (int i = 0; i < 5; i++)
            Assert.Equal(OfferResult.Dropped, h.Offer(100, fill: 9));
        Assert.Equal(1u, h.KernelGen(1)); // the full store was handed over exactly once, on the first drop
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        DescriptorStatistics s = h.Descriptor.Statistics;
        Assert.Equal((ulong)(2 * PerBuffer + 5), s.Received);
        Assert.Equal((ulong)(2 * PerBuffer), s.Captured);
        Assert.Equal(5ul, s.Dropped);
        Assert.Equal(s.Matched, s.Captured + s.Dropped);

        Assert.Equal(Enumerable.Repeat((100, (byte)1), PerBuffer), h.ReadNext()); // A
        Assert.Equal(OfferResult.Captured, h.Offer(100, fill: 3)); // A free again: B becomes hold (not re-handed), A store
        Assert.Equal(1u, h.KernelGen(1));
        Assert.Equal(Enumerable.Repeat((100, (byte)2), PerBuffer), h.ReadNext()); // B, unchanged by the drops
        Assert.False(h.Reader.TryAcquire(out _));
    }

    [Fact]
    public unsafe void A_consumer_owned_buffer_never_changes_until_acknowledged()
    {
        using var h = new ZbufHarness();
        for (int i = 0; i < 2 * PerBuffer + 1; i++)
            h.Offer(100, fill: (byte)i);
        byte[] a = new Span<byte>(h.Base(0), 8192).ToArray();
        byte[] b = new Span<byte>(h.Base(1), 8192).ToArray();
        for (int i = 0; i < 1000; i++)
        {
            h.Offer(1 + i % 3000, fill: 0xEE);
            h.Descriptor.Tick(Stopwatch.GetTimestamp());
            h.Descriptor.RequestRotate();
        }
        Assert.Equal(a, new Span<byte>(h.Base(0), 8192).ToArray());
        Assert.Equal(b, new Span<byte>(h.Base(1), 8192).ToArray());
    }

    [Fact]
    public void Read_timeout_hands_over_an_idle_partly_filled_store_without_any_consumer_call()
    {
        var options = new DescriptorOptions { ReadTimeout = TimeSpan.FromMilliseconds(50) };
        using var h = new ZbufHarness(options: options);
        long start = Stopwatch.GetTimestamp();
        h.Descriptor.Tick(start);
        h.Offer(60);
        h.Offer(60);
        h.Descriptor.Tick(start + Stopwatch.Frequency / 100); // 10 ms: not yet
        Assert.False(h.Reader.TryAcquire(out _));
        h.Descriptor.Tick(start + Stopwatch.Frequency / 10); // 100 ms: due
        Assert.Equal(2, h.ReadNext().Count);
        Assert.Equal(1ul, h.Descriptor.Statistics.Timeouts);
    }

    [Fact]
    public void A_due_store_waits_for_the_hold_buffer_to_be_acknowledged()
    {
        var options = new DescriptorOptions { ReadTimeout = TimeSpan.FromMilliseconds(1) };
        using var h = new ZbufHarness(options: options);
        for (int i = 0; i <= PerBuffer; i++)
            h.Offer(100);
        long later = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        h.Descriptor.Tick(later);
        Assert.Equal(0u, h.KernelGen(1)); // A not yet acknowledged: B stays the store
        Assert.Equal(PerBuffer, h.ReadNext().Count);
        h.Descriptor.Tick(later + 1);
        Assert.Equal(1u, h.KernelGen(1));
        Assert.Single(h.ReadNext());
    }

    [Fact]
    public void Immediate_mode_hands_over_at_every_tick()
    {
        using var h = new ZbufHarness(options: new DescriptorOptions { Immediate = true, ReadTimeout = TimeSpan.Zero });
        h.Offer(64);
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Single(h.ReadNext());
        h.Offer(64);
        h.Offer(64);
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Equal(2, h.ReadNext().Count);
        Assert.Equal(0ul, h.Descriptor.Statistics.Timeouts);
    }

    [Fact]
    public void Rotate_request_hands_over_a_non_empty_store_and_flush_discards_it_and_zeroes_counters()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        h.Descriptor.RequestRotate();
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Single(h.ReadNext());

        h.Offer(64);
        h.Offer(64);
        h.Descriptor.RequestFlush();
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Equal(new DescriptorStatistics(0, 0, 0, 0, 0, 1, 0), h.Descriptor.Statistics);
        h.Descriptor.RequestRotate();
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.False(h.Reader.TryAcquire(out _)); // nothing left to hand over
    }

    [Fact]
    public void Rejected_packets_count_as_received_only()
    {
        using var h = new ZbufHarness();
        byte[] packet = new byte[60];
        Assert.Equal(OfferResult.Rejected, h.Descriptor.Offer(packet, 60, keep: 0, 0, 0));
        Assert.Equal(OfferResult.Captured, h.Descriptor.Offer(packet, 60, keep: 60, 0, 0));
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Equal(new DescriptorStatistics(2, 1, 1, 0, 60, 0, 0), h.Descriptor.Statistics);
    }

    [Fact]
    public void Backpressure_waits_for_the_consumer_instead_of_dropping()
    {
        using var h = new ZbufHarness(options: new DescriptorOptions { Backpressure = true, ReadTimeout = TimeSpan.Zero });
        int read = 0;
        var consumer = new Thread(() =>
        {
            while (read < 10 * PerBuffer)
            {
                if (!h.Reader.Acquire(out ZbufLease lease, TimeSpan.FromSeconds(10)))
                    return;
                Thread.Sleep(2);
                foreach (ZbufRecord _ in lease.Records)
                    read++;
                h.Reader.Release(lease);
            }
        });
        consumer.Start();
        for (int i = 0; i < 10 * PerBuffer + 1; i++)
            Assert.NotEqual(OfferResult.Dropped, h.Offer(100));
        consumer.Join();
        h.Descriptor.Tick(Stopwatch.GetTimestamp());
        Assert.Equal(10 * PerBuffer, read);
        Assert.Equal(0ul, h.Descriptor.Statistics.Dropped);
    }

    [Fact]
    public void Abandon_releases_a_producer_waiting_on_a_consumer_that_is_gone()
    {
        using var h = new ZbufHarness(options: new DescriptorOptions { Backpressure = true, ReadTimeout = TimeSpan.Zero });
        for (int i = 0; i < 2 * PerBuffer; i++)
            h.Offer(100);
        var abandon = new Timer(_ => h.Descriptor.Abandon(), null, 50, Timeout.Infinite);
        Assert.Equal(OfferResult.Dropped, h.Offer(100));
        abandon.Dispose();
    }

    [Fact]
    public void Drain_hands_over_the_last_partly_filled_store()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        Assert.True(h.Descriptor.Drain(TimeSpan.Zero));
        Assert.Single(h.ReadNext());
        Assert.True(h.Descriptor.Drain(TimeSpan.Zero)); // nothing left: trivially delivered
    }
}

public class BufferStatusTests
{
    [Fact]
    public void Status_reports_consumer_owned_buffers_their_age_and_the_store_and_hold_lengths()
    {
        using var h = new ZbufHarness();
        long t0 = Stopwatch.GetTimestamp();
        h.Descriptor.Tick(t0);
        h.Offer(100);
        h.Descriptor.Tick(t0);
        Assert.Equal(new BufferStatus(0, 0, 126, 0), h.Descriptor.BufferStatus);

        for (int i = 0; i < 2 * 63; i++)
            h.Offer(100); // A handed over at t0, B full and handed over too, then drops
        long t1 = t0 + Stopwatch.Frequency;
        h.Descriptor.Tick(t1);
        BufferStatus both = h.Descriptor.BufferStatus;
        Assert.Equal(2, both.ConsumerOwned);
        Assert.Equal(t0, both.OldestHandOverTicks);
        Assert.Equal(63 * 128 - 2, both.HoldLength);
        Assert.Equal(0, both.StoreLength);
        Assert.Equal(1.0, both.OldestUnacknowledgedAge(t1).TotalSeconds, 3);

        h.ReadNext(); // A acknowledged; the next tick reclaims it
        h.Descriptor.Tick(t1);
        Assert.Equal(1, h.Descriptor.BufferStatus.ConsumerOwned);
    }
}
