namespace Probe.Filter;

/// <summary>Bounds every engine applies identically, so they agree even on programs libpcap would never finish.</summary>
public static class BpfExecutionLimits
{
    /// <summary>
    /// Backward jumps one run may take before the packet is rejected. libpcap runs a looping program
    /// forever; the poll thread cannot. The only loops libpcap itself generates (<c>ip6 protochain</c>)
    /// take one backward jump per extension header, at least 8 bytes each, so a 262144-byte packet needs
    /// at most 32768: twice that leaves headroom without letting one packet stall a queue for long.
    /// </summary>
    public const int MaxBackwardJumps = 65536;
}
