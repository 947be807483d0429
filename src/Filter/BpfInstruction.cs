using System.Runtime.InteropServices;

namespace Probe.Filter;

/// <summary>
/// One classic BPF instruction, laid out exactly like C's <c>struct bpf_insn</c>
/// (u_short code; u_char jt; u_char jf; bpf_u_int32 k) so a span of them can be handed
/// to libpcap without copying.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 8)]
public readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    /// <summary>A non-jump instruction (BPF_STMT).</summary>
    public static BpfInstruction Statement(ushort code, uint k) => new(code, 0, 0, k);

    /// <summary>A conditional jump (BPF_JUMP): offsets are relative to the next instruction.</summary>
    public static BpfInstruction Jump(ushort code, uint k, byte jumpTrue, byte jumpFalse) => new(code, jumpTrue, jumpFalse, k);

    public override string ToString() => $"{{ 0x{Code:x}, {JumpTrue}, {JumpFalse}, 0x{K:x8} }}";
}
