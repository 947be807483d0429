using System.Runtime.InteropServices;

namespace Probe.Filter.Benchmarks;

/// <summary>
/// Frames at a fixed stride in one native block, as a NIC's receive buffers are, and the order to visit
/// them in: in sequence for a cache-resident set, in a random permutation for a large arena, so that the
/// hardware prefetcher cannot hide the miss on each header.
/// </summary>
internal sealed unsafe class PacketArena : IDisposable
{
    public const int Stride = 256;

    private byte* _memory;

    /// <param name="oneFlow">every frame a copy of one pktgen frame (60 bytes, IPv4/UDP to port 9), instead of the mix</param>
    public PacketArena(int count, bool shuffled, int seed, bool oneFlow = false)
    {
        Count = count;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)count * Stride, 4096);
        Lengths = new uint[count];
        var mix = new TrafficMix(seed);
        for (int i = 0; i < count; i++)
        {
            var frame = new Span<byte>(_memory + (long)i * Stride, Stride);
            Lengths[i] = oneFlow && i > 0 ? Lengths[0] : (uint)(oneFlow ? mix.NextPktgen(frame) : mix.Next(frame));
            if (oneFlow && i > 0)
                new Span<byte>(_memory, Stride).CopyTo(frame);
        }
        Order = Enumerable.Range(0, count).ToArray();
        if (shuffled)
            new Random(seed).Shuffle(Order);
        Bursts = Order.Select(i => new PacketRef(Frame(i), Lengths[i], Lengths[i])).ToArray();
    }

    public int Count { get; }

    /// <summary>Captured length = wire length of each frame.</summary>
    public uint[] Lengths { get; }

    public int[] Order { get; }

    /// <summary>The frames in visiting order as a receive burst describes them, for RunBurst.</summary>
    public PacketRef[] Bursts { get; }

    public byte* Frame(int index) => _memory + (long)index * Stride;

    public void Dispose()
    {
        NativeMemory.AlignedFree(_memory);
        _memory = null;
    }
}
