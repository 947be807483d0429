namespace Probe.Filter;

/// <summary>
/// The classic BPF opcode fields (pcap/bpf.h) and the set of opcodes every engine executes.
/// </summary>
public static class BpfOpcode
{
    // Instruction classes: code & 0x07.
    public const ushort LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;

    // Load sizes: code & 0x18.
    public const ushort W = 0x00, H = 0x08, B = 0x10;

    // Load modes: code & 0xe0.
    public const ushort IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;

    // ALU and jump operations: code & 0xf0.
    public const ushort ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70,
        NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    public const ushort JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;

    // Operand source: code & 0x08. Return value source: code & 0x18.
    public const ushort K = 0x00, X = 0x08, A = 0x10;

    // MISC operations: code & 0xf8.
    public const ushort TAX = 0x00, TXA = 0x80;

    /// <summary>Scratch memory words (BPF_MEMWORDS).</summary>
    public const int MemoryWords = 16;

    public static int Class(ushort code) => code & 0x07;
    public static int Size(ushort code) => code & 0x18;
    public static int Mode(ushort code) => code & 0xe0;
    public static int Operation(ushort code) => code & 0xf0;
    public static int Source(ushort code) => code & 0x08;

    /// <summary>
    /// True for exactly the opcodes libpcap's <c>bpf_filter</c> implements (its switch has a case for
    /// each; anything else makes it abort()). That is FreeBSD's kernel opcode table plus BPF_MOD and
    /// BPF_XOR, which libpcap's own compiler emits for <c>%</c> and <c>^</c>.
    /// </summary>
    public static bool IsKnown(ushort code) => code < 256 && (KnownBitmap[code >> 4] & (1 << (code & 0xf))) != 0;

    /// <summary>Bit (code &amp; 0xf) of entry (code &gt;&gt; 4) is set when the opcode is known.</summary>
    private static ReadOnlySpan<ushort> KnownBitmap =>
    [
        0x10ff, // 0x00 ld #k, ldx #k, st, stx, add #k, ja, ret #k, tax; 0x0c add x
        0x3070, // 0x14 sub #k, 0x15 jeq #k, 0x16 ret a; 0x1c sub x, 0x1d jeq x
        0x3131, // 0x20 ld [k], 0x24 mul #k, 0x25 jgt #k, 0x28 ldh [k]; 0x2c mul x, 0x2d jgt x
        0x3031, // 0x30 ldb [k], 0x34 div #k, 0x35 jge #k; 0x3c div x, 0x3d jge x
        0x3131, // 0x40 ld [x+k], 0x44 or #k, 0x45 jset #k, 0x48 ldh [x+k]; 0x4c or x, 0x4d jset x
        0x1011, // 0x50 ldb [x+k], 0x54 and #k; 0x5c and x
        0x1013, // 0x60 ld M[k], 0x61 ldx M[k], 0x64 lsh #k; 0x6c lsh x
        0x1010, // 0x74 rsh #k; 0x7c rsh x
        0x0093, // 0x80 ld #len, 0x81 ldx #len, 0x84 neg, 0x87 txa
        0x1010, // 0x94 mod #k; 0x9c mod x
        0x1010, // 0xa4 xor #k; 0xac xor x
        0x0002, // 0xb1 ldxb 4*([k]&0xf)
        0, 0, 0, 0,
    ];
}
