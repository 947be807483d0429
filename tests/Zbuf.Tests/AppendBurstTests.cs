using System.Runtime.InteropServices;

namespace Probe.Zbuf.Tests;

/// <summary>
/// Whole bursts (the poll loop's path, the descriptor's state held in locals across packets) against the same
/// packets offered one at a time (bursts of one, the state written back after each): the same random bursts (lengths from 1 to
/// 1500 bytes, rejected, cut by the filter or by the snap length), a consumer that sometimes holds both buffers
/// (drops) and sometimes hands them back, ticks between bursts: both descriptors publish the same counters and
/// buffer state after every burst, and hand over byte-identical records.
/// </summary>
public sealed unsafe class AppendBurstTests
{
    private struct Packet : ICapturedPacket
    {
        public nint Data;
        public uint Length;
        public uint Wire;
        public long Sec;
        public ulong Nanos;

        readonly nint ICapturedPacket.Data => Data;
        readonly uint ICapturedPacket.CaptureLength => Length;
        readonly uint ICapturedPacket.WireLength => Wire;
        readonly long ICapturedPacket.Seconds => Sec;
        readonly ulong ICapturedPacket.Nanoseconds => Nanos;
    }

    [Theory]
    [InlineData(1, TimestampFormat.Nanotime, 262144u)]
    [InlineData(2, TimestampFormat.Microtime, 96u)]
    [InlineData(3, TimestampFormat.Bintime, 1000u)]
    public void Bursts_have_the_outcome_of_offering_each_packet_in_turn(int seed, TimestampFormat format, uint snapLength)
    {
        var options = new DescriptorOptions { ReadTimeout = TimeSpan.Zero, TimestampFormat = format, SnapLength = snapLength };
        using var bursts = new ZbufHarness(8192, options);
        using var single = new ZbufHarness(8192, options);
        var random = new Random(seed);
        byte* arena = (byte*)NativeMemory.Alloc(64 * 1500);
        try
        {
            for (int i = 0; i < 64 * 1500; i++)
                arena[i] = (byte)random.Next();
            var packets = new Packet[64];
            var keep = new uint[64];
            long now = 1;
            for (int round = 0; round < 3000; round++)
            {
                int n = random.Next(1, 65);
                for (int i = 0; i < n; i++)
                {
                    uint length = (uint)(random.Next(4) == 0 ? random.Next(1, 1501) : random.Next(42, 129));
                    packets[i] = new Packet
                    {
                        Data = (nint)(arena + i * 1500), Length = length, Wire = length + (uint)random.Next(3),
                        Sec = round, Nanos = (ulong)random.Next(1_000_000_000),
                    };
                    keep[i] = random.Next(5) switch { 0 => 0, 1 => (uint)random.Next(1, 100), _ => uint.MaxValue };
                }

                bursts.Descriptor.AppendBurst<Packet>(packets.AsSpan(0, n), keep.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                    single.Descriptor.Offer(new ReadOnlySpan<byte>((void*)packets[i].Data, (int)packets[i].Length),
                        packets[i].Wire, keep[i], packets[i].Sec, packets[i].Nanos);

                now += 1000;
                bursts.Descriptor.Tick(now);
                single.Descriptor.Tick(now);
                Assert.Equal(single.Descriptor.Snapshot, bursts.Descriptor.Snapshot);

                // The consumer: a quarter of the rounds it reads whatever is ready; otherwise it holds on (drops).
                if (random.Next(4) == 0)
                {
                    while (TryRead(single, out List<string>? expected))
                    {
                        Assert.True(TryRead(bursts, out List<string>? actual), "AppendBurst handed over fewer buffers");
                        Assert.Equal(expected, actual);
                    }
                    Assert.False(TryRead(bursts, out _), "AppendBurst handed over more buffers");
                }
            }
            Assert.True(single.Descriptor.Statistics.Dropped > 0, "the consumer never made the descriptor drop");
            Assert.True(single.Descriptor.Statistics.Captured > 1000);
        }
        finally
        {
            NativeMemory.Free(arena);
        }
    }

    /// <summary>Acquires a ready buffer, describes each record (timestamp, lengths, bytes) and releases it.</summary>
    private static bool TryRead(ZbufHarness harness, out List<string>? records)
    {
        records = null;
        if (!harness.Reader.TryAcquire(out ZbufLease lease))
            return false;
        records = [];
        RecordEnumerator enumerator = lease.Records;
        foreach (ZbufRecord record in enumerator)
            records.Add($"{record.Seconds}.{record.Fraction} {record.WireLength} {Convert.ToHexString(record.Data)}");
        Assert.Null(enumerator.Error);
        harness.Reader.Release(lease);
        return true;
    }
}
