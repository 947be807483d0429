using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Tests;

/// <summary>A descriptor and a reader over the same memfds, the reader mapping them a second time through
/// /proc/self/fd as a consumer in another process would.</summary>
internal sealed class ZbufHarness : IDisposable
{
    public ZbufDescriptor Descriptor { get; }
    public ZbufReader Reader { get; }

    public ZbufHarness(int bufferSize = 8192, DescriptorOptions? options = null)
    {
        BufferPair pair = BufferPair.Allocate("test", bufferSize, HugepagePolicy.Never, out _);
        Descriptor = new ZbufDescriptor(pair, options ?? new DescriptorOptions { ReadTimeout = TimeSpan.Zero });
        Reader = ZbufReader.Open(pair.A.ProcPath, pair.B.ProcPath);
    }

    public unsafe byte* Base(int index) => Descriptor.Buffers[index].Pointer;

    public unsafe uint KernelGen(int index) => SharedHeader.AcquireKernelGen(Base(index));

    /// <summary>Offers a packet whose bytes are all <paramref name="fill"/>, kept whole by the filter.</summary>
    public OfferResult Offer(int length, byte fill = 0xAB, uint wireLength = 0, long seconds = 1, ulong nanos = 2)
    {
        byte[] packet = new byte[length];
        Array.Fill(packet, fill);
        return Descriptor.Offer(packet, wireLength == 0 ? (uint)length : wireLength, uint.MaxValue, seconds, nanos);
    }

    /// <summary>Acquires the next buffer, returns its records' (caplen, first byte) and releases it.</summary>
    public List<(int Length, byte First)> ReadNext()
    {
        Assert.True(Reader.TryAcquire(out ZbufLease lease), "expected a consumer-owned buffer");
        var seen = new List<(int, byte)>();
        RecordEnumerator records = lease.Records;
        foreach (ZbufRecord record in records)
            seen.Add((record.Data.Length, record.Data[0]));
        Assert.Null(records.Error);
        Reader.Release(lease);
        return seen;
    }

    public void Dispose()
    {
        Reader.Dispose();
        Descriptor.Dispose();
    }
}
