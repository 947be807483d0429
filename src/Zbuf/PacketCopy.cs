using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Probe.Zbuf;

/// <summary>
/// The one copy on the capture path: packet bytes into the store buffer. Frames up to 128 bytes (most of a
/// small-packet flood) are copied inline with two to four overlapping 32-byte vector moves instead of a call into
/// the general memmove, which costs more than the copy itself at these sizes. Never touches a byte outside
/// [destination, destination + length) or reads outside [source, source + length).
/// </summary>
public static unsafe class PacketCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* destination, byte* source, uint length)
    {
        if (Vector256.IsHardwareAccelerated && length - 32 <= 96) // 32 <= length <= 128, unsigned wrap-around
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
            return;
        }
        Unsafe.CopyBlockUnaligned(destination, source, length);
    }
}
