using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_port_setup: queues, RSS, mempools, timestamps, promiscuous, start.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_port_setup")]
    internal static unsafe partial int PortSetup(ushort portId, PdkPortConf* conf, PdkPortInfo* info, byte* err, uint errCapacity);
}
