namespace Probe.Filter.Compiler;

/// <summary>
/// What the compiler needs to know about a program's shape: which instructions can run at all, which
/// start a basic block, which are jump targets, and for each block how far into the packet its
/// absolute loads reach.
/// </summary>
internal sealed class ControlFlow
{
    private ControlFlow(bool[] reachable, bool[] blockStart, bool[] jumpTarget, ulong[] absoluteReach)
    {
        Reachable = reachable;
        BlockStart = blockStart;
        JumpTarget = jumpTarget;
        AbsoluteReach = absoluteReach;
    }

    public bool[] Reachable { get; }

    public bool[] BlockStart { get; }

    public bool[] JumpTarget { get; }

    /// <summary>
    /// At a block's first instruction: the largest offset + size among the block's absolute loads
    /// (ld/ldh/ldb [k] and ldxb 4*([k]&amp;0xf)), 0 if it has none. Checking it once on entry is exact:
    /// a block runs straight through, so if any of its absolute loads is out of bounds the run ends in
    /// that block with 0, and nothing before the load can make the result anything else (the only other
    /// early exit, division by a zero X, also returns 0).
    /// </summary>
    public ulong[] AbsoluteReach { get; }

    public static ControlFlow Analyse(BpfInstruction[] program)
    {
        int n = program.Length;
        var reachable = new bool[n];
        var blockStart = new bool[n];
        var jumpTarget = new bool[n];
        var reach = new ulong[n];

        var pending = new Stack<int>();
        pending.Push(0);
        blockStart[0] = true;
        while (pending.Count > 0)
        {
            int i = pending.Pop();
            // Walk straight-line code until a jump or return; targets go on the stack.
            while (!reachable[i])
            {
                reachable[i] = true;
                BpfInstruction insn = program[i];
                int cls = BpfOpcode.Class(insn.Code);
                if (cls == BpfOpcode.RET)
                    break;
                if (cls == BpfOpcode.JMP)
                {
                    foreach (int target in Targets(insn, i))
                    {
                        blockStart[target] = true;
                        jumpTarget[target] = true;
                        pending.Push(target);
                    }
                    break;
                }
                i++;
            }
        }

        // A block also starts after every jump or return (the code that follows is only reached by a jump).
        for (int i = 0; i + 1 < n; i++)
        {
            int cls = BpfOpcode.Class(program[i].Code);
            if (cls is BpfOpcode.JMP or BpfOpcode.RET)
                blockStart[i + 1] = true;
        }

        int start = 0;
        for (int i = 0; i < n; i++)
        {
            if (blockStart[i])
                start = i;
            ulong end = AbsoluteEnd(program[i]);
            if (end > reach[start])
                reach[start] = end;
        }
        return new ControlFlow(reachable, blockStart, jumpTarget, reach);
    }

    /// <summary>The jump's destinations; a validated program keeps them inside the program.</summary>
    public static IEnumerable<int> Targets(BpfInstruction insn, int index)
    {
        if (BpfOpcode.Operation(insn.Code) == BpfOpcode.JA)
        {
            yield return unchecked((int)((uint)index + 1 + insn.K));
        }
        else
        {
            yield return index + 1 + insn.JumpTrue;
            yield return index + 1 + insn.JumpFalse;
        }
    }

    /// <summary>For an absolute load, offset + size (in 64 bits: it may pass 2^32); otherwise 0.</summary>
    private static ulong AbsoluteEnd(BpfInstruction insn) => insn.Code switch
    {
        BpfOpcode.LD | BpfOpcode.W | BpfOpcode.ABS => (ulong)insn.K + 4,
        BpfOpcode.LD | BpfOpcode.H | BpfOpcode.ABS => (ulong)insn.K + 2,
        BpfOpcode.LD | BpfOpcode.B | BpfOpcode.ABS => (ulong)insn.K + 1,
        BpfOpcode.LDX | BpfOpcode.MSH | BpfOpcode.B => (ulong)insn.K + 1,
        _ => 0,
    };
}
