using System.Runtime.InteropServices;

namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// pcap_datalink_val_to_description(3PCAP): a short description of the DLT ("Ethernet"), in a static string
    /// that must not be freed (so a pointer, not a marshalled string). Returns NULL for an unknown value.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "pcap_datalink_val_to_description")]
    internal static partial nint DatalinkValToDescription(int dlt);
}
