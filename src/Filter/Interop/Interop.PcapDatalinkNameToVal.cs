using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>pcap_datalink_name_to_val(3PCAP): case-insensitive, without the DLT_ prefix. Returns -1 for an unknown name.</summary>
    [LibraryImport(Name, EntryPoint = "pcap_datalink_name_to_val", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int DatalinkNameToVal(string name);
}
