using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Bpf
{
    /// <summary>bpf_map_update_elem: returns 0 or a negative errno (for an XSKMAP: EINVAL for a key at or past
    /// max_entries; EOPNOTSUPP for an fd that is not a bound AF_XDP socket with an rx ring).</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_map_update_elem")]
    internal static partial int MapUpdateElem(int mapFd, void* key, void* value, ulong flags);
}
