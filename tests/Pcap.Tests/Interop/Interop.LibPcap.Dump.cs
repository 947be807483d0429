using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

internal static partial class Interop
{
    internal static partial class LibPcap
    {
        /// <summary>pcap_dump: returns nothing; a write error only sets the FILE's error flag (later records are then skipped).</summary>
        [LibraryImport(Library, EntryPoint = "pcap_dump")]
        internal static unsafe partial void Dump(IntPtr dumper, PacketHeader* header, byte* data);
    }
}
