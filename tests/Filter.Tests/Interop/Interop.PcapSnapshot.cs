using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_snapshot(3PCAP): the snap length libpcap uses for the file. Cannot fail on an open file.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_snapshot")]
    internal static partial int Snapshot(SafePcapHandle pcap);
}
