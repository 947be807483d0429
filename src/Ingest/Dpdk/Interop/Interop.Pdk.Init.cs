using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

internal static partial class Pdk
{
    /// <summary>pdk_init: EAL initialisation; argv without the program name. Negative status and a message on failure.</summary>
    [LibraryImport(Library, EntryPoint = "pdk_init")]
    internal static unsafe partial int Init(int argc, byte** argv, byte* err, uint errCapacity);

    /// <summary>pdk_abi_version [FAST].</summary>
    [LibraryImport(Library, EntryPoint = "pdk_abi_version")]
    internal static partial int AbiVersionOfLibrary();
}
