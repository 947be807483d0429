using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_free_bulk [FAST]: returns a burst's mbufs to their pools.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_free_bulk")]
    [SuppressGCTransition]
    internal static unsafe partial void FreeBulk(nint* mbufs, ushort count);
}
