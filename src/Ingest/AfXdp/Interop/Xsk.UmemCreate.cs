using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Xsk
{
    /// <summary>
    /// xsk_umem__create: registers <paramref name="area"/> as a UMEM (XDP_UMEM_REG) and maps its fill and completion
    /// rings into <paramref name="fill"/> and <paramref name="comp"/>, which must stay at their addresses until the
    /// UMEM and every socket on it are deleted. Returns 0, or a negative errno (ENOBUFS: over RLIMIT_MEMLOCK without
    /// CAP_IPC_LOCK; EPERM: no CAP_NET_RAW for the socket).
    /// </summary>
    [LibraryImport(Libraries.Xdp, EntryPoint = "xsk_umem__create")]
    internal static partial int UmemCreate(out nint umem, void* area, ulong size, XskRing* fill, XskRing* comp,
        in XskUmemConfig config);
}
