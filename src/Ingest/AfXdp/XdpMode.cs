namespace Probe.Ingest.AfXdp;

/// <summary>How the XDP program is attached, as the kernel reports it (bpf_xdp_query's attach mode).</summary>
public enum XdpMode
{
    /// <summary>XDP_ATTACHED_DRV: in the driver.</summary>
    Native,
    /// <summary>XDP_ATTACHED_SKB: in the generic receive path.</summary>
    Generic,
}
