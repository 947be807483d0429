using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_datalink(3PCAP): the DLT_ value libpcap mapped the file's link type to. Cannot fail on an open file.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_datalink")]
    internal static partial int Datalink(SafePcapHandle pcap);
}
