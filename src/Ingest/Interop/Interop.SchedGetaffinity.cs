using System.Runtime.InteropServices;

namespace Probe.Ingest.Interop;

internal static partial class Libc
{
    /// <summary>sched_getaffinity(2) for the calling thread (pid 0): the cores it may run on. Returns the size of
    /// the kernel's mask in bytes, or -1 and sets errno.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "sched_getaffinity", SetLastError = true)]
    internal static unsafe partial int SchedGetaffinity(int pid, nuint cpusetsize, ulong* mask);
}
