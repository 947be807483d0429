using Probe.Filter.Compiler;

namespace Probe.Filter;

/// <summary>Turns a validated program into the <see cref="IPacketFilter"/> a descriptor runs on every packet.</summary>
public static class PacketFilter
{
    /// <summary>
    /// AppContext switch that turns the IL compiler off process-wide (every <see cref="FilterEngine.Compiled"/>
    /// request gets the interpreter): <c>AppContext.SetSwitch</c>, or <c>"configProperties": { "Probe.Filter.DisableCompiler": true }</c>
    /// in the runtimeconfig.json, for ruling the compiler out when chasing a bug.
    /// </summary>
    public const string DisableCompilerSwitch = "Probe.Filter.DisableCompiler";

    /// <summary>
    /// The filter for <paramref name="program"/> on <paramref name="engine"/>. <see cref="FilterEngine.Compiled"/>
    /// falls back to the interpreter when the program cannot be compiled or the compiler is switched off
    /// (<paramref name="engine"/> = Interpreter per descriptor, or <see cref="DisableCompilerSwitch"/> globally).
    /// </summary>
    public static IPacketFilter Create(BpfProgram program, FilterEngine engine = FilterEngine.Compiled)
    {
        ArgumentNullException.ThrowIfNull(program);
        return engine switch
        {
            FilterEngine.Compiled when !CompilerDisabled() => BpfIlCompiler.TryCompile(program) ?? new InterpretedFilter(program),
            FilterEngine.Compiled or FilterEngine.Interpreter => new InterpretedFilter(program),
            FilterEngine.Libpcap => new LibpcapFilter(program),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "expected Compiled, Interpreter or Libpcap"),
        };
    }

    private static bool CompilerDisabled() => AppContext.TryGetSwitch(DisableCompilerSwitch, out bool disabled) && disabled;
}
