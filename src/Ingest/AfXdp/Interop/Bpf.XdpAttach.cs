using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Bpf
{
    /// <summary>
    /// bpf_xdp_attach: attaches <paramref name="progFd"/> to the interface over netlink; -1 detaches. Returns 0 or a
    /// negative errno (EBUSY/EEXIST: another program is attached and XDP_FLAGS_UPDATE_IF_NOEXIST was given, or
    /// XDP_FLAGS_REPLACE's old program is no longer the attached one; EOPNOTSUPP: no native XDP in the driver;
    /// ERANGE: veth's MTU too large for a program without frags; EPERM: no CAP_NET_ADMIN).
    /// </summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_xdp_attach")]
    internal static partial int XdpAttach(int ifindex, int progFd, uint flags, in BpfXdpAttachOptions options);
}
