using Probe.Filter.Expressions;

namespace Probe.Capture;

internal static class LinkTypeNames
{
    /// <summary>"EN10MB (Ethernet)", as tcpdump names a link type in its "reading from file" line (the number alone
    /// when libpcap has no name for it).</summary>
    public static string Describe(int dlt) =>
        LinkType.ValueToName(dlt) is { } name ? $"{name} ({LinkType.ValueToDescription(dlt)})" : dlt.ToString();
}
