using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>
        /// pcap_next_ex. Returns 1 with header and data valid until the next call; for a savefile, PCAP_ERROR_BREAK (-2)
        /// at the end and PCAP_ERROR (-1) on a fault, whose reason pcap_geterr returns.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "pcap_next_ex")]
        internal static unsafe partial int NextEx(PcapHandle handle, out PacketHeader* header, out byte* data);
    }
}
