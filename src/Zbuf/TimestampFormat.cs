namespace Probe.Zbuf;

/// <summary>How a record's tstamp.frac is expressed (protocol section 3); seconds are always int64.</summary>
public enum TimestampFormat
{
    /// <summary>bpf_xhdr with nanoseconds (BPF_T_NANOTIME), the default.</summary>
    Nanotime,
    /// <summary>bpf_hdr: microseconds (BPF_T_MICROTIME).</summary>
    Microtime,
    /// <summary>bpf_xhdr with 2^-64 s units (BPF_T_BINTIME).</summary>
    Bintime,
}
