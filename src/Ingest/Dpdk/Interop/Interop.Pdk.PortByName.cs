using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_port_by_name: a port created by --vdev or a PCI address.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_port_by_name", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int PortByName(string name, ushort* portId, byte* err, uint errCapacity);
}
