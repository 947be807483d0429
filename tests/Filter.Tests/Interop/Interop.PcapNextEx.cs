using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    internal const int NextPacket = 1, EndOfFile = -2;

    /// <summary>C's <c>struct pcap_pkthdr</c> on x86-64: a 16-byte timeval, then caplen and len.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PacketHeader
    {
        public long Seconds;
        public long Microseconds;
        public uint CaptureLength;
        public uint WireLength;
    }

    /// <summary>
    /// pcap_next_ex(3PCAP). Returns 1 with the header and data (valid until the next call) set, -2 at the
    /// end of a file, or PCAP_ERROR (-1) with the reason in pcap_geterr (a damaged record).
    /// </summary>
    [LibraryImport(Name, EntryPoint = "pcap_next_ex")]
    internal static unsafe partial int NextEx(SafePcapHandle pcap, PacketHeader** header, byte** data);
}
