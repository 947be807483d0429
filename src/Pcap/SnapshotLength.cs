namespace Probe.Pcap;

/// <summary>libpcap 1.10.3's snapshot-length rules for savefiles (pcap_adjust_snapshot, max_snaplen_for_dlt).</summary>
public static class SnapshotLength
{
    /// <summary>MAXIMUM_SNAPLEN: the largest capture length libpcap accepts for most link types.</summary>
    public const int Maximum = 262144;

    private const int DltDbus = 231;
    private const int DltUsbPcap = 249;
    private const int DltEbhscr = 279;

    /// <summary>max_snaplen_for_dlt(): D-Bus messages, EBHSCR frames and USBPcap transfers may be larger.</summary>
    public static uint MaximumForDlt(int dlt) => dlt switch
    {
        DltDbus => 128 * 1024 * 1024,
        DltEbhscr => 8 * 1024 * 1024,
        DltUsbPcap => 1024 * 1024,
        _ => Maximum,
    };

    /// <summary>
    /// pcap_adjust_snapshot(): a file's snapshot length of 0 or above INT_MAX means "unknown" and becomes the link
    /// type's maximum. Values up to INT_MAX are kept as they are, even when larger than that maximum.
    /// </summary>
    public static int Adjust(int dlt, uint snapLength) =>
        snapLength == 0 || snapLength > int.MaxValue ? (int)MaximumForDlt(dlt) : (int)snapLength;
}
