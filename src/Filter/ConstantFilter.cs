namespace Probe.Filter;

/// <summary>
/// A program whose first instruction is <c>ret #k</c> (accept-all <c>ret #262144</c>, reject-all
/// <c>ret #0</c>): no packet byte is read, so Run is a field load the JIT can inline.
/// </summary>
public sealed class ConstantFilter(uint result) : IPacketFilter
{
    public uint Result { get; } = result;

    public uint Run(ReadOnlySpan<byte> packet, uint wireLength) => Result;

    public void RunBurst(PacketBurst packets, Span<uint> results)
    {
        BurstArguments.Check(packets, results);
        results[..packets.Length].Fill(Result);
    }
}
