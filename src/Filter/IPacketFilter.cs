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

    /// <summary>
    /// <c>results[i] = Run(packets[i])</c> for a whole receive burst. The compiled engine runs the burst in
    /// one call into generated code, saving the per-packet call; the others loop over <see cref="Run"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="packets"/>.</exception>
    void RunBurst(PacketBurst packets, Span<uint> results)
    {
        BurstArguments.Check(packets, results);
        for (int i = 0; i < packets.Length; i++)
            results[i] = Run(packets[i].Bytes, packets[i].WireLength);
    }
}
