using System.Globalization;
using System.Text;

namespace Probe.Filter;

/// <summary>
/// Prints programs byte-for-byte as tcpdump's <c>-d</c>, <c>-dd</c> and <c>-ddd</c> do (libpcap's
/// <c>bpf_dump</c> and <c>bpf_image</c>), including for opcodes no engine runs ("unimp").
/// </summary>
public static class BpfProgramPrinter
{
    /// <summary>The whole dump, every line ending in '\n', exactly what tcpdump writes to stdout.</summary>
    public static string Format(ReadOnlySpan<BpfInstruction> program, BpfDumpFormat format)
    {
        var text = new StringBuilder(program.Length * 40);
        switch (format)
        {
            case BpfDumpFormat.Decimal:
                text.Append(CultureInfo.InvariantCulture, $"{program.Length}\n");
                foreach (BpfInstruction insn in program)
                    text.Append(CultureInfo.InvariantCulture, $"{insn.Code} {insn.JumpTrue} {insn.JumpFalse} {insn.K}\n");
                break;
            case BpfDumpFormat.CArray:
                foreach (BpfInstruction insn in program)
                    text.Append(CultureInfo.InvariantCulture, $"{{ 0x{insn.Code:x}, {insn.JumpTrue}, {insn.JumpFalse}, 0x{insn.K:x8} }},\n");
                break;
            case BpfDumpFormat.Image:
                for (int i = 0; i < program.Length; i++)
                    text.Append(Image(program[i], i)).Append('\n');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "expected Image (-d), CArray (-dd) or Decimal (-ddd)");
        }
        return text.ToString();
    }

    /// <inheritdoc cref="Format(ReadOnlySpan{BpfInstruction}, BpfDumpFormat)"/>
    public static string Format(BpfProgram program, BpfDumpFormat format) => Format(program.Instructions.Span, format);

    /// <summary>One instruction as libpcap's <c>bpf_image(insn, index)</c> renders it, without the newline.</summary>
    public static string Image(BpfInstruction insn, int index)
    {
        (string op, string operand) = Describe(insn, index);
        // bpf_image prints k with %d, so values above int.MaxValue come out negative; the same for
        // jump targets, computed in unsigned arithmetic and printed signed.
        if (BpfOpcode.Class(insn.Code) == BpfOpcode.JMP && BpfOpcode.Operation(insn.Code) != BpfOpcode.JA)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"({index:000}) {op,-8} {operand,-16} jt {index + 1 + insn.JumpTrue}\tjf {index + 1 + insn.JumpFalse}");
        }
        return string.Create(CultureInfo.InvariantCulture, $"({index:000}) {op,-8} {operand}");
    }

    private static (string Op, string Operand) Describe(BpfInstruction insn, int index)
    {
        int k = unchecked((int)insn.K);
        string hexK = "#0x" + insn.K.ToString("x", CultureInfo.InvariantCulture);
        string decK = "#" + k.ToString(CultureInfo.InvariantCulture);
        string indirect = "[x + " + k.ToString(CultureInfo.InvariantCulture) + "]";
        string memory = "M[" + k.ToString(CultureInfo.InvariantCulture) + "]";
        return insn.Code switch
        {
            0x06 => ("ret", decK),
            0x16 => ("ret", ""),
            0x20 => ("ld", AbsoluteOperand(insn.K)),
            0x28 => ("ldh", AbsoluteOperand(insn.K)),
            0x30 => ("ldb", AbsoluteOperand(insn.K)),
            0x80 => ("ld", "#pktlen"),
            0x40 => ("ld", indirect),
            0x48 => ("ldh", indirect),
            0x50 => ("ldb", indirect),
            0x00 => ("ld", hexK),
            0x01 => ("ldx", hexK),
            0xb1 => ("ldxb", "4*([" + k.ToString(CultureInfo.InvariantCulture) + "]&0xf)"),
            0x60 => ("ld", memory),
            0x61 => ("ldx", memory),
            0x02 => ("st", memory),
            0x03 => ("stx", memory),
            0x05 => ("ja", unchecked((int)((uint)index + 1 + insn.K)).ToString(CultureInfo.InvariantCulture)),
            0x25 => ("jgt", hexK),
            0x35 => ("jge", hexK),
            0x15 => ("jeq", hexK),
            0x45 => ("jset", hexK),
            0x2d => ("jgt", "x"),
            0x3d => ("jge", "x"),
            0x1d => ("jeq", "x"),
            0x4d => ("jset", "x"),
            0x0c => ("add", "x"),
            0x1c => ("sub", "x"),
            0x2c => ("mul", "x"),
            0x3c => ("div", "x"),
            0x9c => ("mod", "x"),
            0x5c => ("and", "x"),
            0x4c => ("or", "x"),
            0xac => ("xor", "x"),
            0x6c => ("lsh", "x"),
            0x7c => ("rsh", "x"),
            0x04 => ("add", decK),
            0x14 => ("sub", decK),
            0x24 => ("mul", decK),
            0x34 => ("div", decK),
            0x94 => ("mod", decK),
            0x54 => ("and", hexK),
            0x44 => ("or", hexK),
            0xa4 => ("xor", hexK),
            0x64 => ("lsh", decK),
            0x74 => ("rsh", decK),
            0x84 => ("neg", ""),
            0x07 => ("tax", ""),
            0x87 => ("txa", ""),
            _ => ("unimp", "0x" + insn.Code.ToString("x", CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>
    /// Linux's ancillary-data offsets (SKF_AD_OFF + n, linux/filter.h) by name, as libpcap built on
    /// Linux prints them; offsets without a name in that table print as numbers.
    /// </summary>
    private static string AbsoluteOperand(uint k)
    {
        const uint SkfAdOff = 0xfffff000;
        uint n = k - SkfAdOff;
        string? name = k >= SkfAdOff && n < 64 && n % 4 == 0 ? AncillaryNames[(int)(n / 4)] : null;
        return name is null
            ? "[" + unchecked((int)k).ToString(CultureInfo.InvariantCulture) + "]"
            : "[" + name + "]";
    }

    private static readonly string[] AncillaryNames =
    [
        "proto", "type", "ifidx", "nla", "nlan", "mark", "queue", "hatype",
        "rxhash", "cpu", "xor_x", "vlan_tci", "vlanp", "poff", "random", "vlan_tpid",
    ];
}
