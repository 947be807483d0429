namespace Probe.Pcap;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFileFormat
{
    /// <summary>The classic libpcap savefile (magic a1b2c3d4, a1b23c4d, or a1b2cd34), either byte order.</summary>
    Pcap,

    /// <summary>pcapng (Section Header Block 0a0d0d0a), either byte order.</summary>
    PcapNg,
}
