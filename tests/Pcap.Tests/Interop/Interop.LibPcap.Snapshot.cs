using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_snapshot: the (adjusted) snapshot length; PCAP_ERROR_NOT_ACTIVATED only for a live handle.</summary>
        [LibraryImport(Library, EntryPoint = "pcap_snapshot")]
        internal static partial int Snapshot(PcapHandle handle);
    }
}
