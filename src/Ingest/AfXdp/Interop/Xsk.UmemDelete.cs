using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Xsk
{
    /// <summary>xsk_umem__delete: unmaps the rings and closes the UMEM's socket. Returns 0, or -EBUSY while a
    /// socket still uses the UMEM (a bug in the dispose order).</summary>
    [LibraryImport(Libraries.Xdp, EntryPoint = "xsk_umem__delete")]
    internal static partial int UmemDelete(nint umem);
}
