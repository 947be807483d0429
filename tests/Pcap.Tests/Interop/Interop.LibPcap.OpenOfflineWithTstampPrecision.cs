using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>
        /// pcap_open_offline_with_tstamp_precision. Failure: returns NULL (an invalid handle) and writes the reason,
        /// NUL-terminated, into errbuf (PCAP_ERRBUF_SIZE bytes). errno is not meaningful.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "pcap_open_offline_with_tstamp_precision", StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial PcapHandle OpenOfflineWithTstampPrecision(string fileName, uint precision, byte* errorBuffer);
    }
}
