using System.Runtime.CompilerServices;

namespace Probe.Zbuf;

/// <summary>Nanoseconds to and from each record timestamp format.</summary>
public static class TimestampConversion
{
    private const ulong NanosPerSecond = 1_000_000_000;

    /// <summary>The frac field for a nanosecond fraction. Out-of-range fractions (a capture file's invalid
    /// sub-second field) pass through NANOTIME and MICROTIME unchanged, as libpcap passes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // per captured packet, on the poll thread
    public static ulong ToFraction(ulong nanoseconds, TimestampFormat format) => format switch
    {
        TimestampFormat.Nanotime => nanoseconds,
        TimestampFormat.Microtime => nanoseconds / 1000,
        _ => nanoseconds >= NanosPerSecond ? ulong.MaxValue : BinaryFraction(nanoseconds),
    };

    /// <summary>
    /// ceil(ns * 2^64 / 1e9) for ns &lt; 1e9, so that ToNanoseconds gives back exactly ns, in 64-bit steps: a
    /// UInt128 division is a call into a helper, and a call in the append loop has the JIT spill its registers.
    /// ns * 2^64 = (ns * 2^34) * 2^30 with ns * 2^34 &lt; 2^64; dividing it by 1e9 leaves a remainder r1 &lt; 2^30,
    /// so r1 * 2^30 &lt; 2^60 divides in 64 bits too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BinaryFraction(ulong nanoseconds)
    {
        ulong high = (nanoseconds << 34) / NanosPerSecond, r1 = (nanoseconds << 34) % NanosPerSecond;
        ulong low = (r1 << 30) / NanosPerSecond, r2 = (r1 << 30) % NanosPerSecond;
        return (high << 30) + low + (r2 != 0 ? 1UL : 0UL);
    }

    public static ulong ToNanoseconds(ulong fraction, TimestampFormat format) => format switch
    {
        TimestampFormat.Nanotime => fraction,
        TimestampFormat.Microtime => fraction * 1000,
        _ => (ulong)(((UInt128)fraction * NanosPerSecond) >> 64),
    };
}
