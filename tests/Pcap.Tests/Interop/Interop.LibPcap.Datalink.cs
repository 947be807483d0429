using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_datalink: the DLT_ value; PCAP_ERROR_NOT_ACTIVATED only for a live handle not yet activated.</summary>
        [LibraryImport(Library, EntryPoint = "pcap_datalink")]
        internal static partial int Datalink(PcapHandle handle);
    }
}
