namespace Probe.Filter;

/// <summary>
/// A classic BPF program that has passed <see cref="BpfValidator"/>: every engine relies on that
/// (scratch indices in range, jumps inside the program, a return at the end) and checks nothing of
/// it again at run time.
/// </summary>
public sealed class BpfProgram
{
    private readonly BpfInstruction[] _instructions;

    /// <summary>Copies and validates the instructions; throws <see cref="BpfValidationException"/> naming the failing instruction.</summary>
    public BpfProgram(ReadOnlySpan<BpfInstruction> instructions, BpfValidationOptions? options = null)
    {
        BpfValidator.EnsureValid(instructions, options);
        _instructions = instructions.ToArray();
        HasBackwardJumps = FindBackwardJump(_instructions);
    }

    public ReadOnlyMemory<BpfInstruction> Instructions => _instructions;

    public int Length => _instructions.Length;

    public BpfInstruction this[int index] => _instructions[index];

    /// <summary>True when some <c>ja</c> jumps backwards (libpcap's <c>ip6 protochain</c> loop), so a run may loop.</summary>
    public bool HasBackwardJumps { get; }

    /// <summary>The program as <c>tcpdump -d</c> prints it.</summary>
    public override string ToString() => BpfProgramPrinter.Format(this, BpfDumpFormat.Image);

    /// <summary>The array itself, for engines in this assembly; never handed out, so it stays immutable.</summary>
    internal BpfInstruction[] InstructionArray => _instructions;

    private static bool FindBackwardJump(BpfInstruction[] program)
    {
        for (int i = 0; i < program.Length; i++)
        {
            if (program[i].Code == (BpfOpcode.JMP | BpfOpcode.JA) && unchecked((uint)i + 1 + program[i].K) <= (uint)i)
                return true;
        }
        return false;
    }
}
