using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Bpf
{
    /// <summary>bpf_map_create (BPF_MAP_CREATE) without options: returns the map's fd or a negative errno (EPERM:
    /// an XSKMAP needs CAP_NET_ADMIN and CAP_BPF, or CAP_SYS_ADMIN).</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_map_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MapCreate(uint mapType, string name, uint keySize, uint valueSize, uint maxEntries,
        nint options);
}
