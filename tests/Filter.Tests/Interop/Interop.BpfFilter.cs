using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>bpf_filter(3PCAP): bytes to keep, 0 to reject; no error return. Aborts the process on an opcode it does not know, so only valid programs are passed.</summary>
    [LibraryImport(Name, EntryPoint = "bpf_filter")]
    internal static unsafe partial uint BpfFilter(BpfInstruction* program, byte* packet, uint wirelen, uint buflen);

    internal static unsafe uint BpfFilter(ReadOnlySpan<BpfInstruction> program, ReadOnlySpan<byte> packet, uint wireLength)
    {
        fixed (BpfInstruction* insns = program)
        fixed (byte* bytes = packet)
            return BpfFilter(insns, bytes, wireLength, (uint)packet.Length);
    }
}
