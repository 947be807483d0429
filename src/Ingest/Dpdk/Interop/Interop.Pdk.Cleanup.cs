using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_cleanup: rte_eal_cleanup; leaves nothing in /dev/hugepages or /var/run/dpdk.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_cleanup")]
    internal static unsafe partial int Cleanup(byte* err, uint errCapacity);
}
