namespace Probe.Filter;

/// <summary>
/// What the poll thread runs on every packet for every attached descriptor: a classic BPF
/// program in whatever engine executes it. The result is the number of bytes to keep
/// (0 rejects), exactly as libpcap's <c>bpf_filter</c> returns it.
/// </summary>
public interface IPacketFilter
{
    /// <param name="packet">the bytes present (the capture length), read in place</param>
    /// <param name="wireLength">the packet's length on the wire (BPF's <c>len</c>)</param>
    uint Run(ReadOnlySpan<byte> packet, uint wireLength);
}
