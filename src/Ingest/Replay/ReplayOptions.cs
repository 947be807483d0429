using Probe.Pcap;

namespace Probe.Ingest.Replay;

/// <summary>How a capture file is replayed as an rx queue.</summary>
public sealed record ReplayOptions
{
    /// <summary>The name the queue reports as its device (the file name when null).</summary>
    public string? Device { get; init; }

    /// <summary>Deliver timestamps as libpcap does at this precision (so micro output matches tcpdump's exactly).</summary>
    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Nanosecond;

    /// <summary>Times through the file; 0 replays forever.</summary>
    public int Passes { get; init; } = 1;

    /// <summary>Packets per second at most; 0 replays as fast as the consumers take them.</summary>
    public long RatePps { get; init; }

    /// <summary>Stamp packets with the time they are replayed, as a NIC would, instead of the file's times.</summary>
    public bool RetimeToNow { get; init; }

    /// <summary>Wait for consumers rather than drop (a file can wait). Off makes the replay behave like a live link.</summary>
    public bool Lossless { get; init; } = true;
}
