using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

/// <summary>libpcap 1.10.3 itself, the oracle every reader test compares against.</summary>
internal static partial class Interop
{
    internal static partial class LibPcap
    {
        internal const string Library = "libpcap.so.0.8";

        /// <summary>PCAP_ERRBUF_SIZE.</summary>
        internal const int ErrorBufferSize = 256;

        internal const uint PrecisionMicro = 0;
        internal const uint PrecisionNano = 1;

        /// <summary>struct pcap_pkthdr on Linux x86-64: struct timeval (two longs), caplen, len.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct PacketHeader
        {
            public long Seconds;
            public long Fraction;
            public uint CaptureLength;
            public uint WireLength;
        }
    }
}
