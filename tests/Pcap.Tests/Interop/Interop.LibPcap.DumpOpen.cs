using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>
        /// pcap_dump_open: writes the file header at once. Failure: returns NULL with the reason in pcap_geterr(handle).
        /// The dumper is a FILE*; close it with pcap_dump_close.
        /// </summary>
        [LibraryImport(Library, EntryPoint = "pcap_dump_open", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial IntPtr DumpOpen(PcapHandle handle, string fileName);
    }
}
