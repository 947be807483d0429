using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// pcap_geterr(3PCAP): the handle's last error text. The buffer belongs to the handle, so it is
    /// returned as a pointer and copied while the handle is alive. Never NULL.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "pcap_geterr")]
    internal static partial nint GetErr(SafePcapHandle pcap);
}
