using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_close(3PCAP). Cannot fail.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_close")]
    internal static partial void Close(nint pcap);
}
