using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_mbuf_copy: bytes of a (multi-segment) mbuf from offset; returns the count copied.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_mbuf_copy")]
    internal static unsafe partial int MbufCopy(nint mbuf, uint offset, byte* destination, uint length);
}
