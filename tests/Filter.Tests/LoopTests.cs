using Probe.Filter.Compiler;
using Probe.Filter.Tests.Interop;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>
/// Backward jumps, which libpcap's validator allows (its compiler emits them for ip6 protochain): loops that
/// end give libpcap's result on every engine; a loop libpcap would run forever ends in a reject on ours.
/// </summary>
public sealed class LoopTests
{
    /// <summary>A = 0; loop: A += 1; if A == n exit; ja loop; exit: ret A.</summary>
    private static BpfInstruction[] CountTo(uint n) =>
    [
        BpfInstruction.Statement(BpfOpcode.LD | BpfOpcode.IMM, 0),
        BpfInstruction.Statement(BpfOpcode.ALU | BpfOpcode.ADD | BpfOpcode.K, 1),
        BpfInstruction.Jump(BpfOpcode.JMP | BpfOpcode.JEQ | BpfOpcode.K, n, 1, 0),
        BpfInstruction.Statement(BpfOpcode.JMP | BpfOpcode.JA, unchecked((uint)-3)), // back to instruction 1
        BpfInstruction.Statement(BpfOpcode.RET | BpfOpcode.A, 0),
    ];

    [Theory]
    [InlineData(1u)]
    [InlineData(1000u)]
    [InlineData(BpfExecutionLimits.MaxBackwardJumps)]
    public void ALoopThatEndsGivesLibpcapsResult(uint iterations)
    {
        var program = new BpfProgram(CountTo(iterations));
        Assert.True(program.HasBackwardJumps);
        Assert.True(Libpcap.BpfValidate(program.Instructions.Span));
        var engines = new Engines(program);
        Assert.IsType<CompiledFilter>(engines.Compiled);
        Assert.Null(engines.Disagreement([1, 2, 3], 3));
        Assert.Equal(iterations, engines.Oracle([1, 2, 3], 3));
    }

    [Fact]
    public void ALoopLibpcapWouldNeverLeaveIsRejectedByEveryEngineOfOurs()
    {
        // One more iteration than the limit allows: libpcap would finish it, ours stop one jump short.
        var overLimit = new BpfProgram(CountTo(BpfExecutionLimits.MaxBackwardJumps + 2));
        // "ja -1" jumps to itself: libpcap never returns from this one, so it is not run there.
        var forever = new BpfProgram([BpfInstruction.Statement(BpfOpcode.JMP | BpfOpcode.JA, uint.MaxValue), BpfInstruction.Statement(BpfOpcode.RET | BpfOpcode.K, 1)]);
        foreach (BpfProgram program in new[] { overLimit, forever })
        {
            Assert.Equal(0u, PacketFilter.Create(program, FilterEngine.Interpreter).Run([], 0));
            IPacketFilter compiled = PacketFilter.Create(program, FilterEngine.Compiled);
            Assert.IsType<CompiledFilter>(compiled);
            Assert.Equal(0u, compiled.Run([], 0));
            BpfInterpreter.Run(program, [], 0, out BpfExit exit);
            Assert.Equal(BpfExit.LoopLimit, exit);
        }
        Assert.Equal(BpfExecutionLimits.MaxBackwardJumps + 2u, Libpcap.BpfFilter(overLimit.Instructions.Span, [], 0));
    }

    [Fact]
    public void KernelRulesRefuseBackwardJumpsThatLibpcapRulesAllow()
    {
        BpfInstruction[] loop = CountTo(5);
        Assert.Null(BpfValidator.Validate(loop, BpfValidationOptions.Libpcap));
        BpfValidationError? error = BpfValidator.Validate(loop, BpfValidationOptions.Kernel);
        Assert.NotNull(error);
        Assert.Equal(3, error.InstructionIndex);
        Assert.Contains("backwards", error.Reason);
    }
}
