using System.Buffers.Binary;
using System.Diagnostics;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

public class RecordFormatTests
{
    [Theory]
    [InlineData(1, 26)]   // Ethernet: 14 + 26 = 40, already aligned
    [InlineData(101, 32)] // raw IP: no link header
    [InlineData(113, 32)] // Linux SLL: 16 + 26 = 42 -> 48
    [InlineData(0, 28)]   // BSD loopback: 4 + 26 = 30 -> 32
    public unsafe void Hdrlen_puts_the_network_header_on_an_8_byte_boundary(int linkType, int expectedHdrlen)
    {
        using var h = new ZbufHarness(options: new DescriptorOptions { LinkType = linkType, ReadTimeout = TimeSpan.Zero });
        h.Offer(80);
        h.Offer(80);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.Equal(expectedHdrlen, h.Descriptor.HeaderLength);
        byte* records = h.Base(0) + SharedHeader.Size;
        int second = RecordHeader.Align(expectedHdrlen + 80);
        foreach (int start in new[] { 0, second })
        {
            Assert.Equal(expectedHdrlen, BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(records + start + 24, 2)));
            long networkHeader = (long)(records + start + expectedHdrlen + LinkHeaderLength.For(linkType));
            Assert.Equal(0, networkHeader % 8);
        }
        Assert.Equal((uint)(second + expectedHdrlen + 80), SharedHeader.ReadKernelLen(h.Base(0)));
    }

    [Fact]
    public void Records_carry_timestamp_lengths_and_bytes()
    {
        using var h = new ZbufHarness();
        byte[] packet = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        h.Descriptor.Offer(packet, 1514, keep: 200, seconds: 1_700_000_000, nanoseconds: 123_456_789);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.True(h.Reader.TryAcquire(out ZbufLease lease));
        RecordEnumerator records = lease.Records;
        Assert.True(records.MoveNext());
        ZbufRecord r = records.Current;
        Assert.Equal(1_700_000_000, r.Seconds);
        Assert.Equal(123_456_789ul, r.Fraction);
        Assert.Equal(1514u, r.WireLength);
        Assert.Equal(packet[..200], r.Data.ToArray()); // the filter's result caps caplen
        Assert.False(records.MoveNext());
        Assert.Null(records.Error);
        h.Reader.Release(lease);
    }

    [Fact]
    public void Oversized_packets_are_truncated_to_the_buffer_never_dropped_and_snaplen_applies()
    {
        using var h = new ZbufHarness(bufferSize: 8192);
        h.Offer(20000, wireLength: 20000);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.Equal([(8192 - 32 - 26, (byte)0xAB)], h.ReadNext());

        using var s = new ZbufHarness(options: new DescriptorOptions { SnapLength = 96, ReadTimeout = TimeSpan.Zero });
        s.Offer(1500);
        s.Descriptor.Drain(TimeSpan.Zero);
        Assert.Equal([(96, (byte)0xAB)], s.ReadNext());
    }

    [Theory]
    [InlineData(TimestampFormat.Nanotime, 999_999_999ul, 999_999_999ul)]
    [InlineData(TimestampFormat.Microtime, 999_999_999ul, 999_999ul)]
    [InlineData(TimestampFormat.Bintime, 500_000_000ul, 1ul << 63)]
    [InlineData(TimestampFormat.Bintime, 1ul, 18_446_744_074ul)]
    public void Timestamp_formats_encode_the_fraction(TimestampFormat format, ulong nanos, ulong expectedFraction)
    {
        using var h = new ZbufHarness(options: new DescriptorOptions { TimestampFormat = format, ReadTimeout = TimeSpan.Zero });
        h.Offer(60, seconds: 42, nanos: nanos);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.True(h.Reader.TryAcquire(out ZbufLease lease));
        RecordEnumerator records = lease.Records;
        Assert.True(records.MoveNext());
        Assert.Equal(42, records.Current.Seconds);
        Assert.Equal(expectedFraction, records.Current.Fraction);
        h.Reader.Release(lease);
    }

    [Fact]
    public void Bintime_round_trips_every_nanosecond_value_it_is_given()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            ulong nanos = (ulong)random.NextInt64(0, 1_000_000_000);
            ulong fraction = TimestampConversion.ToFraction(nanos, TimestampFormat.Bintime);
            Assert.Equal(nanos, TimestampConversion.ToNanoseconds(fraction, TimestampFormat.Bintime));
        }
    }

    [Fact]
    public void A_bintime_fraction_is_the_nanoseconds_in_units_of_two_to_the_minus_64_rounded_up()
    {
        var random = new Random(11);
        IEnumerable<ulong> edges = [0, 1, 2, 999, 1000, 499_999_999, 500_000_000, 999_999_998, 999_999_999];
        foreach (ulong nanos in edges.Concat(Enumerable.Range(0, 100_000).Select(_ => (ulong)random.NextInt64(0, 1_000_000_000))))
        {
            UInt128 scaled = (UInt128)nanos << 64;
            UInt128 exact = scaled / 1_000_000_000 + (scaled % 1_000_000_000 != 0 ? 1u : 0u);
            Assert.Equal((ulong)exact, TimestampConversion.ToFraction(nanos, TimestampFormat.Bintime));
        }
        Assert.Equal(ulong.MaxValue, TimestampConversion.ToFraction(1_000_000_000, TimestampFormat.Bintime));
    }

    [Fact]
    public void Counters_satisfy_the_invariants_at_every_read_from_another_thread()
    {
        using var h = new ZbufHarness();
        using var done = new CancellationTokenSource();
        int reads = 0;
        string? violation = null;
        var reader = new Thread(() =>
        {
            DescriptorStatistics previous = default;
            while (!done.IsCancellationRequested && violation is null)
            {
                DescriptorStatistics s = h.Descriptor.Statistics;
                if (s.Matched != s.Captured + s.Dropped || s.Received < s.Matched
                    || s.Received < previous.Received || s.Captured < previous.Captured)
                    violation = $"{s} after {previous}";
                previous = s;
                reads++;
            }
        });
        reader.Start();
        byte[] packet = new byte[64];
        for (int i = 0; i < 2_000_000; i++)
        {
            h.Descriptor.Offer(packet, 64, keep: (uint)(i % 3), 0, 0);
            if (i % 32 == 0)
            {
                h.Descriptor.Tick(Stopwatch.GetTimestamp());
                if (h.Reader.TryAcquire(out ZbufLease lease))
                    h.Reader.Release(lease);
            }
        }
        done.Cancel();
        reader.Join();
        Assert.Null(violation);
        Assert.True(reads > 100, $"only {reads} reads of the counters");
    }
}
