using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_port_stats: rte_eth_stats_get, safe to call while a poll thread receives.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_port_stats")]
    internal static unsafe partial int PortStats(ushort portId, PdkPortStats* stats);
}
