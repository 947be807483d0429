using System.Runtime.InteropServices;

namespace Probe.Ingest.Interop;

internal static partial class Libc
{
    /// <summary>sched_setaffinity(2) for the calling thread (pid 0). Returns -1 and sets errno (EINVAL for a
    /// core that does not exist or is not allowed).</summary>
    [LibraryImport("libc.so.6", EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static unsafe partial int SchedSetaffinity(int pid, nuint cpusetsize, ulong* mask);
}
