using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

/// <summary>
/// xsk.h's DEFINE_XSK_RING (struct xsk_ring_prod / xsk_ring_cons, same layout): libxdp fills it in when it maps a
/// ring; from then on only the poll thread touches it. The cached indices are private to user space; producer,
/// consumer and flags point into the ring's shared mapping. Checked against the C header by AbiTests.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct XskRing
{
    public uint CachedProd;
    /// <summary>For a producer ring, kept <see cref="Size"/> above the real consumer index (xsk_prod_nb_free).</summary>
    public uint CachedCons;
    public uint Mask;
    public uint Size;
    public uint* Producer;
    public uint* Consumer;
    public void* Ring;
    public uint* Flags;
}

/// <summary>struct xsk_umem_config (xsk.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XskUmemConfig
{
    public uint FillSize;
    public uint CompSize;
    public uint FrameSize;
    public uint FrameHeadroom;
    public uint Flags;
}

/// <summary>struct xsk_socket_config (xsk.h); the union of libbpf_flags/libxdp_flags is one field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XskSocketConfig
{
    public uint RxSize;
    public uint TxSize;
    public uint LibxdpFlags;
    public uint XdpFlags;
    public ushort BindFlags;
}

/// <summary>Constants of xsk.h and linux/if_xdp.h.</summary>
internal static class XskConstants
{
    /// <summary>XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD: libxdp creates the socket only; the program is ours.</summary>
    internal const uint InhibitProgLoad = 1 << 0;

    // sockaddr_xdp.sxdp_flags (bind flags)
    internal const ushort XDP_COPY = 1 << 1;
    internal const ushort XDP_ZEROCOPY = 1 << 2;
    internal const ushort XDP_USE_NEED_WAKEUP = 1 << 3;
    /// <summary>Multi-buffer rx (Linux 6.6): a frame longer than a UMEM frame arrives as several descriptors.
    /// Not in Debian 12's 6.1 headers.</summary>
    internal const ushort XDP_USE_SG = 1 << 4;

    /// <summary>xdp_ring flags: the kernel needs a syscall to make progress on this ring.</summary>
    internal const uint XDP_RING_NEED_WAKEUP = 1 << 0;

    /// <summary>xdp_desc.options: more descriptors of the same packet follow (Linux 6.6; not in 6.1 headers).</summary>
    internal const uint XDP_PKT_CONTD = 1 << 0;

    internal const int SOL_XDP = 283;
    internal const int XDP_STATISTICS = 7;
    internal const int XDP_OPTIONS = 8;
    internal const uint XDP_OPTIONS_ZEROCOPY = 1 << 0;

    /// <summary>Bytes the kernel keeps in front of the packet in each rx frame (XDP_PACKET_HEADROOM).</summary>
    internal const int XDP_PACKET_HEADROOM = 256;
}
