using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Bpf
{
    /// <summary>bpf_xdp_query: fills the ids of the programs attached to the interface (netlink RTM_GETLINK, no
    /// capability needed). Returns 0 or a negative errno.</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_xdp_query")]
    internal static partial int XdpQuery(int ifindex, int flags, ref BpfXdpQueryOptions options);
}
