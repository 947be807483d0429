using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

/// <summary>struct xdp_desc (linux/if_xdp.h): one rx or tx ring entry.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpDesc
{
    /// <summary>UMEM offset of the packet's first byte (frame start + headroom in aligned mode).</summary>
    public ulong Addr;
    public uint Len;
    public uint Options;
}

/// <summary>struct xdp_statistics (linux/if_xdp.h), read with getsockopt(SOL_XDP, XDP_STATISTICS).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpStatisticsNative
{
    public ulong RxDropped;
    public ulong RxInvalidDescs;
    public ulong TxInvalidDescs;
    public ulong RxRingFull;
    public ulong RxFillRingEmptyDescs;
    public ulong TxRingEmptyDescs;
}

/// <summary>struct xdp_options (linux/if_xdp.h), read with getsockopt(SOL_XDP, XDP_OPTIONS).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XdpOptionsNative
{
    public uint Flags;
}
