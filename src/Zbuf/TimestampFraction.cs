using System.Runtime.CompilerServices;

namespace Probe.Zbuf;

/// <summary>
/// A record timestamp format as a type, for loops specialised per format: the JIT folds
/// <see cref="TimestampConversion.ToFraction"/>'s switch away, and the loop keeps one register more.
/// </summary>
internal interface ITimestampFraction
{
    static abstract ulong FromNanoseconds(ulong nanoseconds);
}

internal readonly struct NanotimeFraction : ITimestampFraction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FromNanoseconds(ulong nanoseconds) => TimestampConversion.ToFraction(nanoseconds, TimestampFormat.Nanotime);
}

internal readonly struct MicrotimeFraction : ITimestampFraction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FromNanoseconds(ulong nanoseconds) => TimestampConversion.ToFraction(nanoseconds, TimestampFormat.Microtime);
}

internal readonly struct BintimeFraction : ITimestampFraction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FromNanoseconds(ulong nanoseconds) => TimestampConversion.ToFraction(nanoseconds, TimestampFormat.Bintime);
}
