namespace Probe.Pcap.Tests;

/// <summary>One packet as libpcap's struct pcap_pkthdr describes it, plus its bytes.</summary>
internal sealed record CapturedPacket(long Seconds, long Fraction, uint CaptureLength, uint WireLength, byte[] Data);

/// <summary>Everything a reader made of one file: the open verdict, the header values, the packets, the fault.</summary>
internal sealed class CaptureContents
{
    /// <summary>Why the file could not be opened (null when it could).</summary>
    public string? OpenError { get; init; }

    public int DataLink { get; init; }

    public int SnapLength { get; init; }

    public List<CapturedPacket> Packets { get; } = [];

    /// <summary>Why reading stopped before the end of the file (null at a clean end).</summary>
    public string? ReadError { get; set; }

    public bool Opened => OpenError is null;
}
