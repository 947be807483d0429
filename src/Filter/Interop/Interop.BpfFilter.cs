using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// bpf_filter(3PCAP): runs a program on <paramref name="buflen"/> captured bytes of a packet
    /// <paramref name="wirelen"/> long. Returns the bytes to keep, 0 to reject; it has no error return.
    /// It never blocks and a loop-free program runs in nanoseconds, so the GC transition (which would
    /// cost more than the filter) is skipped. A program with a backward jump may loop forever in
    /// libpcap, and a thread that never leaves native code without a transition would stall every GC:
    /// such programs use <see cref="BpfFilterWithTransition"/>.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "bpf_filter")]
    [SuppressGCTransition]
    internal static unsafe partial uint BpfFilter(BpfInstruction* program, byte* packet, uint wirelen, uint buflen);

    /// <summary>The same bpf_filter(3PCAP), with the GC transition, for programs that may loop.</summary>
    [LibraryImport(Name, EntryPoint = "bpf_filter")]
    internal static unsafe partial uint BpfFilterWithTransition(BpfInstruction* program, byte* packet, uint wirelen, uint buflen);
}
