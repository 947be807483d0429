using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_open_dead(3PCAP): a handle for compiling only. Returns NULL (an invalid handle) only when out of memory.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_open_dead")]
    internal static partial SafePcapHandle OpenDead(int linkType, int snapLength);
}
