using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_vdev_probe: adds a virtual device after init ("net_pcap1,rx_pcap=FILE").</summary>
    [LibraryImport(Library, EntryPoint = "pdk_vdev_probe", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int VdevProbe(string devargs, ushort* portId, byte* err, uint errCapacity);
}
