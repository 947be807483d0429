namespace Probe.Pcap;

/// <summary>
/// Translation between LINKTYPE_ values (what capture files store) and Linux DLT_ values (what pcap_datalink(),
/// pcap_open_dead() and pcap_compile() use), exactly as libpcap 1.10.3's linktype_to_dlt / dlt_to_linktype do on Linux.
/// The two differ only for a handful of historical types (LINKTYPE_RAW 101 is DLT_RAW 12 on Linux, for example).
/// </summary>
public static class LinkTypeMap
{
    // libpcap's "matching range": LINKTYPE_ and DLT_ values from 104 to 289 are identical.
    private const int MatchingMin = 104;
    private const int MatchingMax = 289;

    // LINKTYPE_ATM_CLIP sits inside the matching range but is DLT_ATM_CLIP (19) on Linux.
    private const int LinkTypeAtmClip = 106;
    private const int DltAtmClip = 19;

    // LINKTYPE_PFSYNC and LINKTYPE_PKTAP are special-cased by libpcap because some OSes give the DLT another value.
    private const int PfSync = 246;
    private const int Pktap = 258;

    /// <summary>libpcap's map[] with the Linux values of the DLT_ constants (DLT_FR is not defined on Linux).</summary>
    private static ReadOnlySpan<int> MapDlt => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99, 11, 12, 15, 16, 112, 104, 19, 50, 51];

    private static ReadOnlySpan<int> MapLinkType => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99, 100, 101, 102, 103, 112, 104, 106, 50, 51];

    /// <summary>libpcap's linktype_to_dlt(): a value it does not know is returned unchanged.</summary>
    public static int LinkTypeToDlt(int linkType)
    {
        if (linkType == PfSync || linkType == Pktap)
        {
            return linkType;
        }

        if (linkType >= MatchingMin && linkType <= MatchingMax && linkType != LinkTypeAtmClip)
        {
            return linkType;
        }

        int index = MapLinkType.IndexOf(linkType);
        return index >= 0 ? MapDlt[index] : linkType;
    }

    /// <summary>libpcap's dlt_to_linktype(): -1 when the DLT has no LINKTYPE_ (libpcap then refuses to write a file).</summary>
    public static int DltToLinkType(int dlt)
    {
        if (dlt == PfSync || dlt == Pktap)
        {
            return dlt;
        }

        if (dlt >= MatchingMin && dlt <= MatchingMax)
        {
            return dlt;
        }

        int index = MapDlt.IndexOf(dlt);
        return index >= 0 ? MapLinkType[index] : -1;
    }
}
