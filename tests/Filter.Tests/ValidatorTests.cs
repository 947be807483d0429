using Probe.Filter.Tests.Interop;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>
/// The validator against libpcap's bpf_validate on generated programs, most of them broken on purpose,
/// and the error it gives: the first failing instruction and the reason.
/// </summary>
[Collection(LibpcapImageCollection.Name)]
public sealed class ValidatorTests
{
    private const int Programs = 200_000;

    /// <summary>
    /// Same verdict as libpcap for every program made of opcodes an engine runs. libpcap's validator also
    /// accepts opcodes its own bpf_filter aborts on (it checks the class and mode, not the whole code);
    /// those programs are refused here, naming the unknown opcode.
    /// </summary>
    [Fact]
    public void GeneratedProgramsGetLibpcapsVerdict()
    {
        var programs = new RandomPrograms(RandomProgramTests.Seed);
        var random = new Random(RandomProgramTests.Seed);
        int agreedValid = 0, agreedInvalid = 0, unknownOpcodes = 0;
        for (int p = 0; p < Programs; p++)
        {
            BpfInstruction[] program = Break(programs.NextProgram(), random);
            bool ours = BpfValidator.Validate(program) is null;
            string context = $"seed {RandomProgramTests.Seed} (PROBE_FILTER_SEED), program {p}:\n{BpfProgramPrinter.Format(program, BpfDumpFormat.Image)}";
            int unknown = Array.FindIndex(program, insn => !BpfOpcode.IsKnown(insn.Code));
            if (unknown >= 0)
            {
                Assert.False(ours, context);
                unknownOpcodes++;
                continue;
            }
            bool libpcap = Libpcap.BpfValidate(program);
            Assert.True(ours == libpcap, $"libpcap says {(libpcap ? "valid" : "invalid")}, ours {(ours ? "valid" : "invalid")}: {context}");
            if (ours) agreedValid++; else agreedInvalid++;
        }
        Assert.True(agreedValid > Programs / 10 && agreedInvalid > Programs / 10 && unknownOpcodes > Programs / 10,
            $"{agreedValid} valid, {agreedInvalid} invalid, {unknownOpcodes} with unknown opcodes");
    }

    /// <summary>One to three random faults: any opcode, any field, a cut, an empty program.</summary>
    private static BpfInstruction[] Break(BpfInstruction[] program, Random random)
    {
        int faults = random.Next(4); // 0: left valid
        for (int f = 0; f < faults && program.Length > 0; f++)
        {
            int i = random.Next(program.Length);
            BpfInstruction insn = program[i];
            program[i] = random.Next(9) switch
            {
                0 => insn with { Code = RandomPrograms.AllOpcodes[random.Next(RandomPrograms.AllOpcodes.Count)] },
                1 => insn with { Code = (ushort)random.Next(0x100) },
                2 => insn with { Code = (ushort)random.Next(0x10000) },
                3 => insn with { JumpTrue = (byte)random.Next(256) },
                4 => insn with { JumpFalse = (byte)random.Next(256) },
                5 => insn with { K = (uint)random.Next(14, 20) }, // around the scratch limit
                6 => insn with { K = 0 },                        // division by a constant 0
                7 => insn with { K = unchecked((uint)-random.Next(1, program.Length + 3)) }, // ja backwards, or before 0
                _ => insn with { K = (uint)random.NextInt64(1L << 32) },
            };
            if (random.Next(20) == 0)
                program = program[..random.Next(program.Length)]; // cut: maybe no return at the end, maybe empty
        }
        return program;
    }

    public static TheoryData<string, BpfInstruction[], int?, string> Faults => new()
    {
        { "empty", [], null, "empty" },
        { "unknown opcode", [Stmt(0x0e, 0), Stmt(0x06, 1)], 0, "unknown opcode 0xe" },
        { "LDX with absolute mode", [Stmt(0x21, 0), Stmt(0x06, 1)], 0, "unknown opcode 0x21" },
        { "ld M[16]", [Stmt(0x60, 16), Stmt(0x06, 1)], 0, "scratch memory index 16" },
        { "st M[16]", [Stmt(0x00, 1), Stmt(0x02, 16), Stmt(0x06, 1)], 1, "scratch memory index 16" },
        { "div #0", [Stmt(0x00, 1), Stmt(0x34, 0), Stmt(0x16, 0)], 1, "division by the constant 0" },
        { "mod #0", [Stmt(0x94, 0), Stmt(0x16, 0)], 0, "modulus by the constant 0" },
        { "jt past the end", [Jump(0x15, 0, 2, 0), Stmt(0x06, 0), Stmt(0x06, 1)], 0, "true-branch target 3" },
        { "jf past the end", [Jump(0x15, 0, 0, 2), Stmt(0x06, 0), Stmt(0x06, 1)], 0, "false-branch target 3" },
        { "ja past the end", [Stmt(0x05, 1), Stmt(0x06, 1)], 0, "jump target 2 is outside" },
        { "ja before the start", [Stmt(0x06, 1), Stmt(0x05, unchecked((uint)-3)), Stmt(0x06, 1)], 1, "jump target -1 is outside" },
        { "no return at the end", [Stmt(0x06, 1), Stmt(0x00, 1)], 1, "does not end with a return" },
        { "first failure wins", [Stmt(0x00, 1), Stmt(0x60, 99), Stmt(0x34, 0)], 1, "scratch memory index 99" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void TheErrorNamesTheFailingInstructionAndTheReason(string fault, BpfInstruction[] program, int? index, string reason)
    {
        BpfValidationError? error = BpfValidator.Validate(program);
        Assert.True(error is not null, fault);
        Assert.Equal(index, error.InstructionIndex);
        Assert.Contains(reason, error.Reason);
        var thrown = Assert.Throws<BpfValidationException>(() => new BpfProgram(program));
        Assert.Equal(error, thrown.Error);
        Assert.StartsWith(index is null ? "invalid BPF program: " : $"invalid BPF program: instruction {index}: ", thrown.Message);
        // libpcap refuses the same programs (except the unknown opcodes, which its validator lets through).
        if (program.All(insn => BpfOpcode.IsKnown(insn.Code)))
            Assert.False(Libpcap.BpfValidate(program), fault);
    }

    [Fact]
    public void TheInstructionLimitIsEnforcedWhereConfigured()
    {
        BpfInstruction[] program = [.. Enumerable.Repeat(Stmt(0x00, 1), 600), Stmt(0x16, 0)];
        Assert.Null(BpfValidator.Validate(program, BpfValidationOptions.Libpcap));
        BpfValidationError? error = BpfValidator.Validate(program, BpfValidationOptions.Kernel);
        Assert.NotNull(error);
        Assert.Equal(512, error.InstructionIndex);
        Assert.Contains("601 instructions, more than the limit of 512", error.Reason);
        Assert.NotNull(BpfValidator.Validate(program, new BpfValidationOptions { MaxInstructions = 600 }));
        Assert.Null(BpfValidator.Validate(program, new BpfValidationOptions { MaxInstructions = 601 }));
    }

    [Fact]
    public void TheKnownOpcodesAreExactlyThoseLibpcapsInterpreterHas()
    {
        // bpf_image names every opcode bpf_filter implements and prints "unimp" for every other, except that
        // it has no case for ldx #pktlen (0x81), which bpf_filter does run.
        for (int code = 0; code < 0x10000; code++)
        {
            bool named = code == (BpfOpcode.LDX | BpfOpcode.W | BpfOpcode.LEN)
                || !Libpcap.BpfImage(new BpfInstruction((ushort)code, 0, 0, 0), 0).Contains("unimp", StringComparison.Ordinal);
            Assert.True(named == BpfOpcode.IsKnown((ushort)code), $"opcode 0x{code:x}: libpcap {(named ? "names" : "does not name")} it");
        }
        Assert.Equal(RandomPrograms.AllOpcodes.Order(), Enumerable.Range(0, 0x100).Where(c => BpfOpcode.IsKnown((ushort)c)).Select(c => (ushort)c));
    }

    private static BpfInstruction Stmt(ushort code, uint k) => BpfInstruction.Statement(code, k);

    private static BpfInstruction Jump(ushort code, uint k, byte jt, byte jf) => BpfInstruction.Jump(code, k, jt, jf);
}
