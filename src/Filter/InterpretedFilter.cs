namespace Probe.Filter;

/// <summary>A program run by <see cref="BpfInterpreter"/>.</summary>
public sealed class InterpretedFilter(BpfProgram program) : IPacketFilter
{
    private readonly BpfInstruction[] _program = program.InstructionArray;

    public BpfProgram Program { get; } = program;

    public uint Run(ReadOnlySpan<byte> packet, uint wireLength) => BpfInterpreter.Run(_program, packet, wireLength, out _);

    public void RunBurst(PacketBurst packets, Span<uint> results)
    {
        BurstArguments.Check(packets, results);
        for (int i = 0; i < packets.Length; i++)
            results[i] = BpfInterpreter.Run(_program, packets[i].Bytes, packets[i].WireLength, out _);
    }
}
