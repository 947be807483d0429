using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_thread_register: rte_thread_register for a managed poll thread; returns its lcore id.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_thread_register")]
    internal static unsafe partial int ThreadRegister(byte* err, uint errCapacity);
}
