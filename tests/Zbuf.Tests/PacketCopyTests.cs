using System.Runtime.InteropServices;
using Probe.Zbuf;

namespace Probe.Zbuf.Tests;

/// <summary>
/// The inline vector copy the descriptor uses for small frames: every length around its 32/64/128-byte edges and
/// beyond, at odd alignments, copies exactly the bytes asked for and writes nothing outside the destination range.
/// </summary>
public sealed unsafe class PacketCopyTests
{
    [Fact]
    public void CopiesExactlyTheRequestedBytesAtEveryLengthAndAlignment()
    {
        const int Guard = 64;
        const byte Fill = 0xA5;
        byte* source = (byte*)NativeMemory.Alloc(4096);
        byte* target = (byte*)NativeMemory.Alloc(4096);
        try
        {
            for (int i = 0; i < 4096; i++)
                source[i] = (byte)(i * 7 + 3);
            for (uint length = 0; length <= 300; length++)
            {
                foreach (int sourceOffset in new[] { 0, 1, 7, 33 })
                {
                    foreach (int targetOffset in new[] { 0, 3, 26, 40 })
                    {
                        new Span<byte>(target, 4096).Fill(Fill);
                        byte* from = source + Guard + sourceOffset;
                        byte* to = target + Guard + targetOffset;
                        PacketCopy.Copy(to, from, length);

                        Assert.True(new Span<byte>(to, (int)length).SequenceEqual(new ReadOnlySpan<byte>(from, (int)length)),
                            $"length {length}, offsets {sourceOffset}/{targetOffset}: bytes differ");
                        int before = Guard + targetOffset;
                        Assert.True(new Span<byte>(target, before).IndexOfAnyExcept(Fill) < 0,
                            $"length {length}: wrote before the destination");
                        Assert.True(new Span<byte>(to + length, 4096 - before - (int)length).IndexOfAnyExcept(Fill) < 0,
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
