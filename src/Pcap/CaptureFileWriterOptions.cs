namespace Probe.Pcap;

/// <summary>What a written capture file declares in its header (pcap) or its single Interface Description Block (pcapng).</summary>
public sealed record CaptureFileWriterOptions
{
    /// <summary>The LINKTYPE_ value to store (not the DLT_: use <see cref="LinkTypeMap.DltToLinkType"/> to convert).</summary>
    public required int LinkType { get; init; }

    /// <summary>The snapshot length to store; libpcap stores the reading handle's pcap_snapshot().</summary>
    public required int SnapLength { get; init; }

    /// <summary>pcap: OR-ed into the link-type field (FCS information, upper 6 bits). pcapng: its FCS length becomes if_fcslen.</summary>
    public uint LinkTypeExtension { get; init; }

    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Microsecond;

    /// <summary>
    /// The header libpcap's pcap_dump_open() writes for a handle reading <paramref name="reader"/> (what
    /// `tcpdump -r F -w OUT` produces): LINKTYPE_ = dlt_to_linktype(pcap_datalink()) with the file's extension bits,
    /// snapshot length = pcap_snapshot().
    /// </summary>
    /// <exception cref="NotSupportedException">libpcap has no LINKTYPE_ for the reader's DLT_ and refuses to write.</exception>
    public static CaptureFileWriterOptions ForCopyOf(PcapFileReader reader, TimestampPrecision precision = TimestampPrecision.Microsecond)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int linkType = LinkTypeMap.DltToLinkType(reader.DataLink);
        if (linkType < 0)
        {
            throw new NotSupportedException($"link-layer type {reader.DataLink} isn't supported in savefiles");
        }

        return new CaptureFileWriterOptions
        {
            LinkType = linkType,
            LinkTypeExtension = reader.LinkTypeExtension,
            SnapLength = reader.SnapLength,
            Precision = precision,
        };
    }
}
