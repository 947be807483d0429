using System.Runtime.InteropServices;

namespace Probe.Filter.Compiler;

/// <summary>
/// A program compiled to machine code by <see cref="BpfIlCompiler"/>. Sealed, with the delegates in
/// fields, so once the JIT has devirtualised the interface call the only indirect call left is the
/// delegate's, straight into the generated code; <see cref="RunBurst"/> makes that one call per burst.
/// </summary>
public sealed class CompiledFilter : IPacketFilter
{
    private readonly CompiledBpfFunction _function;

    // Null until the background compile of the burst shape finishes (and for good if the JIT refused it);
    // until then RunBurst loops over the one-packet shape, which gives the same results.
    private CompiledBpfBurstFunction? _burstFunction;

    internal CompiledFilter(BpfProgram program, CompiledBpfFunction function, TimeSpan compileTime, bool withBurstShape)
    {
        Program = program;
        _function = function;
        CompileTime = compileTime;
        if (!withBurstShape)
        {
            BurstCompilation = Task.CompletedTask;
            return;
        }
        BurstCompilation = Task.Run(() =>
        {
            // Partner of the Volatile.Read in RunBurst: the delegate, and the machine code the JIT wrote
            // for it, are complete before another thread can see the reference.
            Volatile.Write(ref _burstFunction, BpfIlCompiler.TryCompileBurst(program));
        });
    }

    public BpfProgram Program { get; }

    /// <summary>IL generation plus the JIT's compilation to machine code of the one-packet shape: the time until the filter can run.</summary>
    public TimeSpan CompileTime { get; }

    /// <summary>Completes when the burst shape is compiled (or refused, or not asked for); RunBurst gives the same results before and after.</summary>
    public Task BurstCompilation { get; }

    /// <summary>Whether RunBurst runs the generated burst loop (rather than a loop over the one-packet code).</summary>
    public bool HasCompiledBurst => Volatile.Read(ref _burstFunction) is not null;

    public uint Run(ReadOnlySpan<byte> packet, uint wireLength) =>
        _function(ref MemoryMarshal.GetReference(packet), (uint)packet.Length, wireLength);

    public unsafe void RunBurst(PacketBurst packets, Span<uint> results)
    {
        BurstArguments.Check(packets, results);
        CompiledBpfBurstFunction? burst = Volatile.Read(ref _burstFunction);
        if (burst is null)
        {
            for (int i = 0; i < packets.Length; i++)
                results[i] = _function(ref *packets[i].Data, packets[i].CaptureLength, packets[i].WireLength);
            return;
        }
        fixed (PacketRef* first = &packets.First)
        fixed (uint* result = results)
            burst(first, packets.Stride, packets.Length, result);
    }
}
