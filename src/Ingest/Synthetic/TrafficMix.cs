namespace Probe.Ingest.Synthetic;

/// <summary>Frame sizes of generated traffic.</summary>
public enum TrafficMix
{
    /// <summary>Minimum-size Ethernet frames (60 bytes without FCS): the packet-rate worst case.</summary>
    Small,
    /// <summary>Simple IMIX: 7 x 60, 4 x 590, 1 x 1514 bytes (frames without FCS).</summary>
    Imix,
    /// <summary>Full-size 1514-byte frames: the bandwidth worst case.</summary>
    Large,
}
