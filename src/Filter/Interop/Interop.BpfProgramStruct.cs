using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>C's <c>struct bpf_program</c>: the instruction count and a pointer to the instructions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct BpfProgramStruct
    {
        public uint Length;
        public BpfInstruction* Instructions;
    }
}
