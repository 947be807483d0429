namespace Probe.Filter;

/// <summary>
/// The checks of zbuf-protocol.md section 6, with the verdict of libpcap's <c>bpf_validate</c> (and,
/// under <see cref="BpfValidationOptions.Kernel"/>, FreeBSD's): known opcodes only, jumps in range,
/// scratch memory index below 16, no constant division or modulus by zero, a return at the end.
/// </summary>
public static class BpfValidator
{
    /// <summary>Null when the program is valid; otherwise the first failure, in instruction order.</summary>
    public static BpfValidationError? Validate(ReadOnlySpan<BpfInstruction> program, BpfValidationOptions? options = null)
    {
        options ??= BpfValidationOptions.Libpcap;
        if (program.Length == 0)
            return new BpfValidationError(null, "the program is empty (it needs at least a return instruction)");
        if (program.Length > options.MaxInstructions)
        {
            return new BpfValidationError(options.MaxInstructions,
                $"the program has {program.Length} instructions, more than the limit of {options.MaxInstructions}");
        }

        uint length = (uint)program.Length;
        for (int i = 0; i < program.Length; i++)
        {
            BpfInstruction insn = program[i];
            string? reason = CheckInstruction(insn, (uint)i, length, options);
            if (reason is not null)
                return new BpfValidationError(i, $"{reason}: {Show(insn, i)}");
        }

        int last = program.Length - 1;
        if (BpfOpcode.Class(program[last].Code) != BpfOpcode.RET)
            return new BpfValidationError(last, $"the program does not end with a return: {Show(program[last], last)}");
        return null;
    }

    /// <summary>Throws <see cref="BpfValidationException"/> unless the program is valid.</summary>
    public static void EnsureValid(ReadOnlySpan<BpfInstruction> program, BpfValidationOptions? options = null)
    {
        if (Validate(program, options) is { } error)
            throw new BpfValidationException(error);
    }

    private static string? CheckInstruction(BpfInstruction insn, uint index, uint length, BpfValidationOptions options)
    {
        ushort code = insn.Code;
        if (!BpfOpcode.IsKnown(code))
            return $"unknown opcode 0x{code:x}";

        switch (BpfOpcode.Class(code))
        {
            case BpfOpcode.LD or BpfOpcode.LDX when BpfOpcode.Mode(code) == BpfOpcode.MEM:
            case BpfOpcode.ST or BpfOpcode.STX:
                if (insn.K >= BpfOpcode.MemoryWords)
                    return $"scratch memory index {insn.K} is out of range (M[0] to M[{BpfOpcode.MemoryWords - 1}])";
                break;

            case BpfOpcode.ALU when BpfOpcode.Source(code) == BpfOpcode.K && insn.K == 0:
                if (BpfOpcode.Operation(code) == BpfOpcode.DIV)
                    return "division by the constant 0";
                if (BpfOpcode.Operation(code) == BpfOpcode.MOD)
                    return "modulus by the constant 0";
                break;

            case BpfOpcode.JMP:
                uint next = index + 1;
                if (BpfOpcode.Operation(code) == BpfOpcode.JA)
                {
                    // libpcap adds the 32-bit offset with wrap-around, which is how a backward jump is
                    // written; the target must still land inside the program.
                    uint target = unchecked(next + insn.K);
                    if (target >= length)
                        return $"jump target {unchecked((int)target)} is outside the program (0 to {length - 1})";
                    if (target < next && !options.AllowBackwardJumps)
                        return $"jump target {target} is backwards";
                }
                else
                {
                    if (next + insn.JumpTrue >= length)
                        return $"true-branch target {next + insn.JumpTrue} is past the end of the program (last is {length - 1})";
                    if (next + insn.JumpFalse >= length)
                        return $"false-branch target {next + insn.JumpFalse} is past the end of the program (last is {length - 1})";
                }
                break;
        }
        return null;
    }

    /// <summary>The instruction as tcpdump -d shows it, without the index and the column padding.</summary>
    private static string Show(BpfInstruction insn, int index)
    {
        string image = BpfProgramPrinter.Image(insn, index);
        string body = image[(image.IndexOf(") ", StringComparison.Ordinal) + 2)..];
        return string.Join(' ', body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
