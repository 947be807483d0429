using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Sys
{
    internal const int CLOCK_REALTIME = 0;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>clock_gettime(2) through the vDSO: tens of nanoseconds, never blocks, so the GC transition is
    /// suppressed. Returns 0 (-1 only for an unknown clock id).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "clock_gettime")]
    [SuppressGCTransition]
    internal static partial int ClockGetTime(int clock, Timespec* time);
}
