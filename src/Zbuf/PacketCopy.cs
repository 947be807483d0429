using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Probe.Zbuf;

/// <summary>
/// The one copy on the capture path: packet bytes into the store buffer, inline and without a call at any length.
/// At small-packet rates the general memmove costs more than the copy itself, and a call inside the descriptor's
/// append loop makes the JIT keep that loop's state on the stack instead of in registers. Every length is covered
/// by a few overlapping moves of the widest size that fits (the first and last bytes), or by a 64-byte loop plus
/// an overlapping tail. Never touches a byte outside [destination, destination + length) or reads outside
/// [source, source + length); source and destination must not overlap.
/// </summary>
public static unsafe class PacketCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* destination, byte* source, uint length)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            Unsafe.CopyBlockUnaligned(destination, source, length);
            return;
        }
        if (length - 32 <= 96) // 32 <= length <= 128, unsigned wrap-around: most of a small-packet flood
        {
            // First and last 32 bytes (overlapping when length < 64), plus the middle when length > 64.
            Vector256<byte> head = Vector256.Load(source);
            Vector256<byte> tail = Vector256.Load(source + length - 32);
            if (length > 64)
            {
                Vector256<byte> second = Vector256.Load(source + 32);
                Vector256<byte> beforeTail = Vector256.Load(source + length - 64);
                second.Store(destination + 32);
                beforeTail.Store(destination + length - 64);
            }
            head.Store(destination);
            tail.Store(destination + length - 32);
        }
        else if (length > 128)
        {
            CopyLong(destination, source, length);
        }
        else
        {
            CopyShort(destination, source, length);
        }
    }

    /// <summary>length &gt; 128: 64 bytes a step, then the last 64 bytes (overlapping the steps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLong(byte* destination, byte* source, uint length)
    {
        for (uint offset = 0; offset < length - 64; offset += 64)
        {
            Vector256<byte> a = Vector256.Load(source + offset);
            Vector256<byte> b = Vector256.Load(source + offset + 32);
            a.Store(destination + offset);
            b.Store(destination + offset + 32);
        }
        Vector256<byte> beforeTail = Vector256.Load(source + length - 64);
        Vector256<byte> tail = Vector256.Load(source + length - 32);
        beforeTail.Store(destination + length - 64);
        tail.Store(destination + length - 32);
    }

    /// <summary>length &lt; 32: the first and last 16, 8, 4 or 2 bytes, or the one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(byte* destination, byte* source, uint length)
    {
        if (length >= 16)
        {
            Vector128<byte> head = Vector128.Load(source);
            Vector128<byte> tail = Vector128.Load(source + length - 16);
            head.Store(destination);
            tail.Store(destination + length - 16);
        }
        else if (length >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(source), tail = Unsafe.ReadUnaligned<ulong>(source + length - 8);
            Unsafe.WriteUnaligned(destination, head);
            Unsafe.WriteUnaligned(destination + length - 8, tail);
        }
        else if (length >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(source), tail = Unsafe.ReadUnaligned<uint>(source + length - 4);
            Unsafe.WriteUnaligned(destination, head);
            Unsafe.WriteUnaligned(destination + length - 4, tail);
        }
        else if (length >= 2)
        {
            ushort head = Unsafe.ReadUnaligned<ushort>(source), tail = Unsafe.ReadUnaligned<ushort>(source + length - 2);
            Unsafe.WriteUnaligned(destination, head);
            Unsafe.WriteUnaligned(destination + length - 2, tail);
        }
        else if (length == 1)
        {
            *destination = *source;
        }
    }
}
