using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_rx_burst [FAST]: never blocks on a polled device; no GC transition needed.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_rx_burst")]
    [SuppressGCTransition]
    internal static unsafe partial ushort RxBurstFast(ushort portId, ushort queueId, PdkRxPkt* packets, nint* mbufs, ushort max, uint* burstFlags);

    /// <summary>pdk_rx_burst with a GC transition: for net_pcap reading a file, whose burst can wait on the disk.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_rx_burst")]
    internal static unsafe partial ushort RxBurst(ushort portId, ushort queueId, PdkRxPkt* packets, nint* mbufs, ushort max, uint* burstFlags);
}
