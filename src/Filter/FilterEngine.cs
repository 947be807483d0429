namespace Probe.Filter;

/// <summary>Which engine runs a program; all return the same value for every packet.</summary>
public enum FilterEngine
{
    /// <summary>The program compiled to IL and then to machine code (the default), or the interpreter for what the compiler cannot handle.</summary>
    Compiled,

    /// <summary>The instruction-by-instruction interpreter.</summary>
    Interpreter,

    /// <summary>libpcap's own bpf_filter through P/Invoke: the reference the others are tested against.</summary>
    Libpcap,
}
