using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>bpf_validate(3PCAP): 1 when libpcap accepts the program, 0 when it does not; no other result.</summary>
    [LibraryImport(Name, EntryPoint = "bpf_validate")]
    internal static unsafe partial int BpfValidate(BpfInstruction* program, int length);

    internal static unsafe bool BpfValidate(ReadOnlySpan<BpfInstruction> program)
    {
        fixed (BpfInstruction* insns = program)
            return BpfValidate(insns, program.Length) != 0;
    }
}
