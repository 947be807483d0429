using System.Buffers.Binary;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

public class ReaderSafetyTests
{
    [Fact]
    public unsafe void Kernel_len_beyond_the_buffer_is_clamped_and_a_runaway_caplen_stops_the_walk()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        h.Descriptor.Drain(TimeSpan.Zero);
        byte* a = h.Base(0);
        SharedHeader.WriteKernelLen(a, uint.MaxValue); // a broken producer
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(a + 32 + RecordHeader.CaptureLengthOffset, 4), 100_000);
        Assert.True(h.Reader.TryAcquire(out ZbufLease lease));
        Assert.Equal(8192 - 32, lease.Length);
        RecordEnumerator records = lease.Records;
        Assert.False(records.MoveNext());
        Assert.Contains("caplen 100000 runs past kernel_len", records.Error);
        h.Reader.Release(lease);
    }

    [Fact]
    public unsafe void A_hdrlen_shorter_than_the_record_header_is_reported_not_trusted()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        h.Descriptor.Drain(TimeSpan.Zero);
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(h.Base(0) + 32 + RecordHeader.HeaderLengthOffset, 2), 3);
        Assert.True(h.Reader.TryAcquire(out ZbufLease lease));
        RecordEnumerator records = lease.Records;
        Assert.False(records.MoveNext());
        Assert.Equal("malformed record at offset 0: hdrlen 3 is shorter than the record header", records.Error);
        h.Reader.Release(lease);
    }

    [Fact]
    public unsafe void A_consumer_that_scribbles_over_its_headers_does_not_disturb_the_producer()
    {
        using var h = new ZbufHarness();
        for (int round = 0; round < 20; round++)
        {
            h.Offer(64, fill: (byte)round);
            h.Descriptor.Drain(TimeSpan.Zero);
            Assert.True(h.Reader.TryAcquire(out ZbufLease lease), $"round {round}");
            Assert.Equal(26 + 64, lease.Length);
            RecordEnumerator records = lease.Records;
            Assert.True(records.MoveNext());
            Assert.Equal((byte)round, records.Current.Data[0]);
            // Garbage over kernel_gen, kernel_len and the reserved words; the producer must not read any of it back.
            for (int offset = 0; offset < SharedHeader.Size; offset += 4)
                if (offset != SharedHeader.UserGenOffset)
                    BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(h.Base(lease.BufferIndex) + offset, 4), 0xDEADBEEF);
            h.Reader.Release(lease);
        }
        h.Descriptor.Tick(0);
        Assert.Equal(new DescriptorStatistics(20, 20, 20, 0, 20 * 64, 20, 0), h.Descriptor.Statistics);
    }

#if DEBUG
    [Fact]
    public void Using_a_lease_after_its_release_throws_in_the_debug_build()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.True(h.Reader.TryAcquire(out ZbufLease lease));
        h.Reader.Release(lease);
        Assert.Throws<InvalidOperationException>(() => lease.Bytes.Length);
    }
#endif

    [Fact]
    public void Acquiring_twice_without_a_release_is_refused()
    {
        using var h = new ZbufHarness();
        h.Offer(64);
        h.Descriptor.Drain(TimeSpan.Zero);
        Assert.True(h.Reader.TryAcquire(out _));
        Assert.Throws<InvalidOperationException>(() => h.Reader.TryAcquire(out _));
    }
}
