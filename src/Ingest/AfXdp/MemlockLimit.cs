using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>RLIMIT_MEMLOCK, against which a UMEM's pinned pages count for a process without CAP_IPC_LOCK.</summary>
internal static unsafe class MemlockLimit
{
    /// <summary>The soft limit in bytes; ulong.MaxValue for unlimited.</summary>
    public static ulong Current()
    {
        ulong* limits = stackalloc ulong[2];
        return Sys.GetRLimit(Sys.RLIMIT_MEMLOCK, limits) == 0 ? limits[0] : Sys.RLIM_INFINITY;
    }

    /// <summary>"RLIMIT_MEMLOCK 8 MiB".</summary>
    public static string Describe()
    {
        ulong limit = Current();
        return limit == Sys.RLIM_INFINITY ? "RLIMIT_MEMLOCK unlimited"
            : limit >= 1 << 20 && limit % (1 << 20) == 0 ? $"RLIMIT_MEMLOCK {limit >> 20} MiB"
            : $"RLIMIT_MEMLOCK {limit} bytes";
    }
}
