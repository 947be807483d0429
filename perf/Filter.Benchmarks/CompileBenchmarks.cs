using BenchmarkDotNet.Attributes;
using Probe.Filter.Compiler;
using Probe.Filter.Expressions;

namespace Probe.Filter.Benchmarks;

/// <summary>
/// Time to turn a program into machine code (IL generation plus the JIT's compilation, which TryCompile
/// forces), for real libpcap output: a 100-instruction program and the 20 instructions of `tcp port 80`.
/// OnePacketShape is the time until the filter can run; BothShapes adds the burst shape, which
/// PacketFilter.Create compiles in the background.
/// </summary>
public class CompileBenchmarks
{
    /// <summary>Optimised by libpcap, this is exactly 100 instructions (checked in Setup).</summary>
    public static readonly string HundredInstructions =
        "not arp and (" + string.Join(" or ", Enumerable.Range(1, 26).Select(port => $"port {port}")) + ")";

    private BpfProgram _program = null!;

    [Params(100, 20)]
    public int Instructions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _program = PcapExpression.Compile(Instructions == 100 ? HundredInstructions : "tcp port 80", LinkType.Ethernet);
        if (_program.Length != Instructions)
            throw new InvalidOperationException($"wanted {Instructions} instructions, libpcap gave {_program.Length}");
    }

    [Benchmark]
    public IPacketFilter? OnePacketShape() => BpfIlCompiler.TryCompile(_program, withBurstShape: false);

    [Benchmark]
    public IPacketFilter BothShapes()
    {
        var filter = (CompiledFilter)BpfIlCompiler.TryCompile(_program)!;
        filter.BurstCompilation.Wait();
        return filter;
    }
}
