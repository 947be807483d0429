using System.Runtime.InteropServices;
using Probe.Filter.Interop;

namespace Probe.Filter.Expressions;

/// <summary>
/// Link-layer types: libpcap's names (tcpdump -y) and the mapping from the LINKTYPE_ value a pcap or
/// pcapng file stores to the DLT_ value pcap_compile and pcap_datalink use on Linux.
/// </summary>
public static class LinkType
{
    /// <summary>A few DLT_ values as Linux's libpcap defines them (DLT_RAW is 14 on OpenBSD, 12 here).</summary>
    public const int Null = 0, Ethernet = 1, Ppp = 9, Raw = 12, LinuxSll = 113, LinuxSll2 = 276;

    /// <summary>The DLT_ value of a name such as "EN10MB" or "raw", case-insensitive and without the DLT_ prefix (pcap_datalink_name_to_val), or null if libpcap knows no such name.</summary>
    public static int? NameToValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\0'))
            return null;
        int value = Libpcap.DatalinkNameToVal(name);
        return value < 0 ? null : value;
    }

    /// <summary>libpcap's name for a DLT_ value, e.g. 1 -> "EN10MB" (pcap_datalink_val_to_name), or null for an unknown value.</summary>
    public static string? ValueToName(int dlt) => Marshal.PtrToStringUTF8(Libpcap.DatalinkValToName(dlt));

    /// <summary>libpcap's description of a DLT_ value ("Ethernet"), or null if libpcap does not know it.</summary>
    public static string? ValueToDescription(int dlt) => Marshal.PtrToStringUTF8(Libpcap.DatalinkValToDescription(dlt));
}
