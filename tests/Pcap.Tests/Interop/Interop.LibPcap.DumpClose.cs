using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_dump_close: returns nothing; flushes and closes the file, ignoring errors.</summary>
        [LibraryImport(Library, EntryPoint = "pcap_dump_close")]
        internal static partial void DumpClose(IntPtr dumper);
    }
}
