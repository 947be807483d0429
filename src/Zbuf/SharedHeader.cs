using System.Runtime.CompilerServices;

namespace Probe.Zbuf;

/// <summary>
/// The 32-byte header at the start of every zbuf buffer (protocol section 1), all fields little-endian uint32.
/// The consumer owns a buffer exactly when user_gen != kernel_gen; only equality is ever compared, so
/// wrap-around is harmless. The producer never reads kernel_gen or kernel_len back: its bookkeeping is private.
/// </summary>
public static unsafe class SharedHeader
{
    public const int Size = 32;
    public const int KernelGenOffset = 0;
    public const int KernelLenOffset = 4;
    public const int UserGenOffset = 8;
    public const int PadOffset = 12;
    public const int PadWords = 5;

    /// <summary>Producer publishes: partner of the consumer's <see cref="AcquireKernelGen"/>.
    /// Every record byte and kernel_len written before this store are visible to a consumer that sees the new gen.</summary>
    public static void PublishKernelGen(byte* buffer, uint generation) =>
        Volatile.Write(ref Field(buffer, KernelGenOffset), generation);

    /// <summary>Plain store: ordered before the kernel_gen release-store that follows it.</summary>
    public static void WriteKernelLen(byte* buffer, uint length) => Field(buffer, KernelLenOffset) = length;

    /// <summary>Consumer checks: partner of <see cref="PublishKernelGen"/>.</summary>
    public static uint AcquireKernelGen(byte* buffer) => Volatile.Read(ref Field(buffer, KernelGenOffset));

    /// <summary>Read only after <see cref="AcquireKernelGen"/> showed the consumer owns the buffer.</summary>
    public static uint ReadKernelLen(byte* buffer) => Volatile.Read(ref Field(buffer, KernelLenOffset));

    /// <summary>Consumer acknowledges: partner of the producer's <see cref="AcquireUserGen"/>; every read of the
    /// buffer by the consumer happens before the producer can reclaim it.</summary>
    public static void ReleaseUserGen(byte* buffer, uint generation) =>
        Volatile.Write(ref Field(buffer, UserGenOffset), generation);

    /// <summary>Producer reclaims: partner of <see cref="ReleaseUserGen"/>; no producer write into the buffer
    /// can be reordered before this load.</summary>
    public static uint AcquireUserGen(byte* buffer) => Volatile.Read(ref Field(buffer, UserGenOffset));

    private static ref uint Field(byte* buffer, int offset) => ref Unsafe.AsRef<uint>(buffer + offset);
}
