using System.Diagnostics;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Probe.Filter.Compiler;

/// <summary>
/// Compiles a classic BPF program to IL in <see cref="DynamicMethod"/>s, which the JIT turns into
/// straight-line machine code: A, X and the scratch words used become locals (registers), every jump
/// a branch, every load a big-endian read from the packet. Bounds checks of absolute loads are folded
/// into one comparison per basic block. The result is exactly what <see cref="BpfInterpreter"/> (and
/// libpcap's bpf_filter) return. Shaped like dotnet/runtime's RegexCompiler: cached reflection handles,
/// one-line emit helpers (<see cref="IlEmitter"/>), null for what it cannot compile so the interpreter takes over.
/// </summary>
public static class BpfIlCompiler
{
    /// <summary>
    /// Machine code for <paramref name="program"/>: a <see cref="ConstantFilter"/> when it starts with
    /// <c>ret #k</c>, otherwise a <see cref="CompiledFilter"/>, ready to run packet by packet. Its burst
    /// shape follows in the background unless <paramref name="withBurstShape"/> is false (for a caller
    /// that never calls RunBurst). Null when this runtime cannot generate code (no dynamic code support)
    /// or the JIT refuses the result; the caller falls back to the interpreter.
    /// </summary>
    public static IPacketFilter? TryCompile(BpfProgram program, bool withBurstShape = true)
    {
        ArgumentNullException.ThrowIfNull(program);
        BpfInstruction first = program[0];
        if (first.Code == (BpfOpcode.RET | BpfOpcode.K))
            return new ConstantFilter(first.K);
        if (!RuntimeFeature.IsDynamicCodeSupported)
            return null;

        long started = Stopwatch.GetTimestamp();
        try
        {
            var method = new DynamicMethod("bpf_filter", typeof(uint), IlEmitter.SinglePacketParameters, typeof(BpfIlCompiler).Module, skipVisibility: true);
            IlEmitter.EmitSinglePacket(program, method.GetILGenerator());
            var function = (CompiledBpfFunction)method.CreateDelegate(typeof(CompiledBpfFunction), program);
            // The JIT compiles on the first call; make that happen here, where an InvalidProgramException
            // means "use the interpreter" rather than a failure on the poll thread. An empty packet
            // touches no memory: every load is out of bounds.
            byte none = 0;
            function(ref none, 0, 0);
            return new CompiledFilter(program, function, Stopwatch.GetElapsedTime(started), withBurstShape);
        }
        catch (InvalidProgramException)
        {
            return null;
        }
    }

    /// <summary>
    /// The burst shape of <paramref name="program"/>, JIT-compiled; null if the JIT refuses it. Its loop
    /// makes the JIT take about three times as long as for the one-packet shape, which is why
    /// <see cref="CompiledFilter"/> asks for it in the background rather than before its first packet.
    /// </summary>
    internal static unsafe CompiledBpfBurstFunction? TryCompileBurst(BpfProgram program)
    {
        try
        {
            var method = new DynamicMethod("bpf_filter_burst", typeof(void), IlEmitter.BurstParameters, typeof(BpfIlCompiler).Module, skipVisibility: true);
            IlEmitter.EmitBurst(program, method.GetILGenerator());
            var function = (CompiledBpfBurstFunction)method.CreateDelegate(typeof(CompiledBpfBurstFunction), program);
            function(null, 0, 0, null); // forces the JIT; a burst of none touches no memory
            return function;
        }
        catch (InvalidProgramException)
        {
            return null;
        }
    }
}
