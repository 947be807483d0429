using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_close: returns nothing and cannot fail; closes the savefile too.</summary>
        [LibraryImport(Library, EntryPoint = "pcap_close")]
        internal static partial void Close(IntPtr handle);
    }
}
