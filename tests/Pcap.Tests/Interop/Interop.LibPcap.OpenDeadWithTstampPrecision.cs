using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>
        /// pcap_open_dead_with_tstamp_precision: a handle with a DLT_ and snapshot length but no capture, for
        /// pcap_dump_open. Failure: returns NULL (out of memory only); no error text.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "pcap_open_dead_with_tstamp_precision")]
        internal static partial PcapHandle OpenDeadWithTstampPrecision(int dlt, int snapLength, uint precision);
    }
}
