namespace Probe.Zbuf;

/// <summary>
/// Link-layer header length per link type, as bpfattach() is told it on FreeBSD; it only sets the record
/// padding (hdrlen) so the network header lands aligned. Unknown or variable-length types get 0.
/// </summary>
public static class LinkHeaderLength
{
    public static int For(int linkType) => linkType switch
    {
        0 => 4,     // NULL: the 4-byte address family
        1 => 14,    // EN10MB
        9 => 4,     // PPP
        101 => 0,   // RAW
        105 => 24,  // IEEE802_11: struct ieee80211_frame
        108 => 4,   // LOOP
        113 => 16,  // LINUX_SLL
        228 => 0,   // IPV4
        229 => 0,   // IPV6
        276 => 20,  // LINUX_SLL2
        _ => 0,
    };
}
