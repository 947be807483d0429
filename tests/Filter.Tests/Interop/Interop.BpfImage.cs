using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// bpf_image(3PCAP): one instruction as text, in a static buffer that the next call overwrites (so
    /// only one test class may call it, and it copies at once). Never NULL.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "bpf_image")]
    internal static unsafe partial nint BpfImage(BpfInstruction* instruction, int index);

    internal static unsafe string BpfImage(BpfInstruction instruction, int index) =>
        Marshal.PtrToStringUTF8(BpfImage(&instruction, index))!;
}
