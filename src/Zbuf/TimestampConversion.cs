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
        // ceil(ns * 2^64 / 1e9), so that FromFraction gives back exactly ns.
        _ => nanoseconds >= NanosPerSecond
            ? ulong.MaxValue
            : (ulong)((((UInt128)nanoseconds << 64) + (NanosPerSecond - 1)) / NanosPerSecond),
    };

    public static ulong ToNanoseconds(ulong fraction, TimestampFormat format) => format switch
    {
        TimestampFormat.Nanotime => fraction,
        TimestampFormat.Microtime => fraction * 1000,
        _ => (ulong)(((UInt128)fraction * NanosPerSecond) >> 64),
    };
}
