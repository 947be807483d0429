using System.Runtime.InteropServices;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

/// <summary>
/// The inline copy the descriptor uses for every frame: every length up to 300 (all the edges of its 2/4/8/16-byte,
/// 32-byte and 64-byte-loop paths) and then jumbo lengths, at odd alignments, copies exactly the bytes asked for
/// and writes nothing outside the destination range.
/// </summary>
public sealed unsafe class PacketCopyTests
{
    [Fact]
    public void CopiesExactlyTheRequestedBytesAtEveryLengthAndAlignment()
    {
        const int Guard = 64;
        const byte Fill = 0xA5;
        const int Size = 16384;
        byte* source = (byte*)NativeMemory.Alloc(Size);
        byte* target = (byte*)NativeMemory.Alloc(Size);
        try
        {
            for (int i = 0; i < Size; i++)
                source[i] = (byte)(i * 7 + 3);
            IEnumerable<uint> lengths = Enumerable.Range(0, 301).Concat([511, 512, 513, 1514, 1518, 4095, 9000, 9018, 16000])
                .Select(l => (uint)l);
            foreach (uint length in lengths)
            {
                foreach (int sourceOffset in new[] { 0, 1, 7, 33 })
                {
                    foreach (int targetOffset in new[] { 0, 3, 26, 40 })
                    {
                        new Span<byte>(target, Size).Fill(Fill);
                        byte* from = source + Guard + sourceOffset;
                        byte* to = target + Guard + targetOffset;
                        PacketCopy.Copy(to, from, length);

                        Assert.True(new Span<byte>(to, (int)length).SequenceEqual(new ReadOnlySpan<byte>(from, (int)length)),
                            $"length {length}, offsets {sourceOffset}/{targetOffset}: bytes differ");
                        int before = Guard + targetOffset;
                        Assert.True(new Span<byte>(target, before).IndexOfAnyExcept(Fill) < 0,
                            $"length {length}: wrote before the destination");
                        Assert.True(new Span<byte>(to + length, Size - before - (int)length).IndexOfAnyExcept(Fill) < 0,
                            $"length {length}: wrote past the destination");
                    }
                }
            }
        }
        finally
        {
            NativeMemory.Free(source);
            NativeMemory.Free(target);
        }
    }
}
