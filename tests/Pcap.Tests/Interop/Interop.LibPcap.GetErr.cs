using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_geterr: never fails; returns the handle's own NUL-terminated error buffer (do not free).</summary>
        [LibraryImport(Library, EntryPoint = "pcap_geterr")]
        internal static partial IntPtr GetErr(PcapHandle handle);
    }
}
