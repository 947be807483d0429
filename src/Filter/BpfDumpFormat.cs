namespace Probe.Filter;

/// <summary>The three ways tcpdump prints a compiled program (libpcap's <c>bpf_dump</c> options).</summary>
public enum BpfDumpFormat
{
    /// <summary><c>-d</c>: human-readable, one <c>bpf_image</c> line per instruction.</summary>
    Image = 1,

    /// <summary><c>-dd</c>: a C array initializer, <c>{ 0x28, 0, 0, 0x0000000c },</c>.</summary>
    CArray = 2,

    /// <summary><c>-ddd</c>: the instruction count, then <c>code jt jf k</c> in decimal, one per line.</summary>
    Decimal = 3,
}
