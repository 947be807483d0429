using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Sys
{
    internal const int RLIMIT_MEMLOCK = 8;
    internal const ulong RLIM_INFINITY = ulong.MaxValue;

    /// <summary>getrlimit(2): soft and hard limit. Returns -1 and sets errno only for an unknown resource.</summary>
    [LibraryImport(Libraries.C, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRLimit(int resource, ulong* limits);
}
