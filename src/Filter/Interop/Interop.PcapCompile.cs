using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    internal const int PCAP_ERROR = -1;

    /// <summary>
    /// pcap_compile(3PCAP). Returns 0 and fills <paramref name="program"/> (free it with
    /// <see cref="FreeCode"/>), or PCAP_ERROR (-1) with the reason in <see cref="GetErr"/>.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Compile(SafePcapHandle pcap, BpfProgramStruct* program, string expression, int optimize, uint netmask);
}
