using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_freecode(3PCAP): frees the instructions of a compiled program. Cannot fail.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_freecode")]
    internal static unsafe partial void FreeCode(BpfProgramStruct* program);
}
