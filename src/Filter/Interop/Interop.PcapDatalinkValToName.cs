using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// pcap_datalink_val_to_name(3PCAP): the DLT name without its prefix, in a static string that must not
    /// be freed (so a pointer, not a marshalled string). Returns NULL for an unknown value.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "pcap_datalink_val_to_name")]
    internal static partial nint DatalinkValToName(int dlt);
}
