using System.Runtime.InteropServices;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>PCAP_ERRBUF_SIZE: the error buffer pcap_open_offline writes its reason into.</summary>
    internal const int ErrorBufferSize = 256;

    /// <summary>pcap_open_offline(3PCAP). Returns NULL (an invalid handle) with the reason in <paramref name="errorBuffer"/> when libpcap cannot read the file.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_open_offline", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial SafePcapHandle OpenOffline(string path, byte* errorBuffer);
}
