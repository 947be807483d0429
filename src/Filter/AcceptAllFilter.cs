namespace Probe.Filter;

/// <summary>The filter of a descriptor that set none: keeps every byte, like bpf(4)'s default.</summary>
public sealed class AcceptAllFilter : IPacketFilter
{
    public static readonly AcceptAllFilter Instance = new();

    private AcceptAllFilter() { }

    public uint Run(ReadOnlySpan<byte> packet, uint wireLength) => uint.MaxValue;
}
