using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Probe.Filter;

/// <summary>
/// Runs a program instruction by instruction with exactly the semantics of libpcap's
/// <c>bpf_filter</c> (zbuf-protocol.md section 7): 32-bit A and X starting at 0, 16 scratch words
/// zeroed per run, big-endian loads, <c>len</c> is the wire length, a load past the captured bytes or a
/// division by a zero X rejects the packet (returns 0), and the result is the number of bytes to keep.
/// </summary>
public static class BpfInterpreter
{
    public static uint Run(BpfProgram program, ReadOnlySpan<byte> packet, uint wireLength) =>
        Run(program.InstructionArray, packet, wireLength, out _);

    /// <summary>The same run, also telling how it ended (for diagnostics and the tests' coverage counts).</summary>
    public static uint Run(BpfProgram program, ReadOnlySpan<byte> packet, uint wireLength, out BpfExit exit) =>
        Run(program.InstructionArray, packet, wireLength, out exit);

    /// <summary>The program must be valid (a <see cref="BpfProgram"/> always is): nothing here re-checks jumps or scratch indices.</summary>
    internal static uint Run(BpfInstruction[] program, ReadOnlySpan<byte> packet, uint wireLength, out BpfExit exit)
    {
        exit = BpfExit.Return;
        uint a = 0, x = 0;
        ScratchMemory mem = default; // zeroed per run, unlike libpcap's uninitialised stack array
        uint captured = (uint)packet.Length;
        int backwardJumps = 0;
        int pc = 0;
        while (true)
        {
            ref readonly BpfInstruction insn = ref program[pc++];
            uint k = insn.K;
            switch (insn.Code)
            {
                case BpfOpcode.RET | BpfOpcode.K:
                    return k;
                case BpfOpcode.RET | BpfOpcode.A:
                    return a;

                // Bounds checks in 64 bits: offset + size can exceed 2^32 and must not wrap into range.
                case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.ABS:
                    if ((ulong)k + 4 > captured) return OutOfBounds(out exit);
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)k));
                    continue;
                case BpfOpcode.LD | BpfOpcode.H | BpfOpcode.ABS:
                    if ((ulong)k + 2 > captured) return OutOfBounds(out exit);
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)k));
                    continue;
                case BpfOpcode.LD | BpfOpcode.B | BpfOpcode.ABS:
                    if (k >= captured) return OutOfBounds(out exit);
                    a = packet[(int)k];
                    continue;
                case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.IND:
                    if ((ulong)x + k + 4 > captured) return OutOfBounds(out exit);
                    a = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice((int)(x + k)));
                    continue;
                case BpfOpcode.LD | BpfOpcode.H | BpfOpcode.IND:
                    if ((ulong)x + k + 2 > captured) return OutOfBounds(out exit);
                    a = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice((int)(x + k)));
                    continue;
                case BpfOpcode.LD | BpfOpcode.B | BpfOpcode.IND:
                    if ((ulong)x + k >= captured) return OutOfBounds(out exit);
                    a = packet[(int)(x + k)];
                    continue;
                case BpfOpcode.LDX | BpfOpcode.MSH | BpfOpcode.B:
                    if (k >= captured) return OutOfBounds(out exit);
                    x = (uint)(packet[(int)k] & 0xf) << 2;
                    continue;
                case BpfOpcode.LD | BpfOpcode.W | BpfOpcode.LEN:
                    a = wireLength;
                    continue;
                case BpfOpcode.LDX | BpfOpcode.W | BpfOpcode.LEN:
                    x = wireLength;
                    continue;
                case BpfOpcode.LD | BpfOpcode.IMM:
                    a = k;
                    continue;
                case BpfOpcode.LDX | BpfOpcode.IMM:
                    x = k;
                    continue;
                case BpfOpcode.LD | BpfOpcode.MEM:
                    a = mem[(int)k];
                    continue;
                case BpfOpcode.LDX | BpfOpcode.MEM:
                    x = mem[(int)k];
                    continue;
                case BpfOpcode.ST:
                    mem[(int)k] = a;
                    continue;
                case BpfOpcode.STX:
                    mem[(int)k] = x;
                    continue;

                case BpfOpcode.JMP | BpfOpcode.JA:
                    // The offset is added with wrap-around: that is how libpcap writes a backward jump.
                    if ((int)k < 0 && ++backwardJumps > BpfExecutionLimits.MaxBackwardJumps)
                    {
                        exit = BpfExit.LoopLimit;
                        return 0;
                    }
                    pc = unchecked((int)((uint)pc + k));
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JGT | BpfOpcode.K:
                    pc += a > k ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JGE | BpfOpcode.K:
                    pc += a >= k ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JEQ | BpfOpcode.K:
                    pc += a == k ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JSET | BpfOpcode.K:
                    pc += (a & k) != 0 ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JGT | BpfOpcode.X:
                    pc += a > x ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JGE | BpfOpcode.X:
                    pc += a >= x ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JEQ | BpfOpcode.X:
                    pc += a == x ? insn.JumpTrue : insn.JumpFalse;
                    continue;
                case BpfOpcode.JMP | BpfOpcode.JSET | BpfOpcode.X:
                    pc += (a & x) != 0 ? insn.JumpTrue : insn.JumpFalse;
                    continue;

                case BpfOpcode.ALU | BpfOpcode.ADD | BpfOpcode.X: a += x; continue;
                case BpfOpcode.ALU | BpfOpcode.SUB | BpfOpcode.X: a -= x; continue;
                case BpfOpcode.ALU | BpfOpcode.MUL | BpfOpcode.X: a *= x; continue;
                case BpfOpcode.ALU | BpfOpcode.DIV | BpfOpcode.X:
                    if (x == 0) return DivisionByZero(out exit);
                    a /= x;
                    continue;
                case BpfOpcode.ALU | BpfOpcode.MOD | BpfOpcode.X:
                    if (x == 0) return DivisionByZero(out exit);
                    a %= x;
                    continue;
                case BpfOpcode.ALU | BpfOpcode.AND | BpfOpcode.X: a &= x; continue;
                case BpfOpcode.ALU | BpfOpcode.OR | BpfOpcode.X: a |= x; continue;
                case BpfOpcode.ALU | BpfOpcode.XOR | BpfOpcode.X: a ^= x; continue;
                // libpcap defines shifts by X of 32 or more as 0 (C leaves them undefined).
                case BpfOpcode.ALU | BpfOpcode.LSH | BpfOpcode.X: a = x < 32 ? a << (int)x : 0; continue;
                case BpfOpcode.ALU | BpfOpcode.RSH | BpfOpcode.X: a = x < 32 ? a >> (int)x : 0; continue;

                case BpfOpcode.ALU | BpfOpcode.ADD | BpfOpcode.K: a += k; continue;
                case BpfOpcode.ALU | BpfOpcode.SUB | BpfOpcode.K: a -= k; continue;
                case BpfOpcode.ALU | BpfOpcode.MUL | BpfOpcode.K: a *= k; continue;
                case BpfOpcode.ALU | BpfOpcode.DIV | BpfOpcode.K: a /= k; continue; // k != 0: validated
                case BpfOpcode.ALU | BpfOpcode.MOD | BpfOpcode.K: a %= k; continue;
                case BpfOpcode.ALU | BpfOpcode.AND | BpfOpcode.K: a &= k; continue;
                case BpfOpcode.ALU | BpfOpcode.OR | BpfOpcode.K: a |= k; continue;
                case BpfOpcode.ALU | BpfOpcode.XOR | BpfOpcode.K: a ^= k; continue;
                // A constant shift of 32 or more is undefined in libpcap's C; its x86-64 build shifts by
                // k mod 32 (the SHL/SHR instructions mask the count), which C#'s operators also do.
                case BpfOpcode.ALU | BpfOpcode.LSH | BpfOpcode.K: a <<= (int)k; continue;
                case BpfOpcode.ALU | BpfOpcode.RSH | BpfOpcode.K: a >>= (int)k; continue;
                case BpfOpcode.ALU | BpfOpcode.NEG: a = 0u - a; continue;

                case BpfOpcode.MISC | BpfOpcode.TAX: x = a; continue;
                case BpfOpcode.MISC | BpfOpcode.TXA: a = x; continue;

                default:
                    throw new InvalidOperationException($"unknown opcode 0x{insn.Code:x} at instruction {pc - 1}: the program was not validated");
            }
        }
    }

    private static uint OutOfBounds(out BpfExit exit)
    {
        exit = BpfExit.OutOfBounds;
        return 0;
    }

    private static uint DivisionByZero(out BpfExit exit)
    {
        exit = BpfExit.DivisionByZero;
        return 0;
    }

    [InlineArray(BpfOpcode.MemoryWords)]
    private struct ScratchMemory
    {
        private uint _word;
    }
}
