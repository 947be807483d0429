using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_port_stop_close.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_port_stop_close")]
    internal static unsafe partial int PortStopClose(ushort portId, byte* err, uint errCapacity);
}
