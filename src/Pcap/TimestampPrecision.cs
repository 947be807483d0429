namespace Probe.Pcap;

/// <summary>Time-stamp precision of a written file, as tcpdump's --time-stamp-precision chooses it.</summary>
public enum TimestampPrecision
{
    /// <summary>Microseconds: pcap magic a1b2c3d4, pcapng if_tsresol 6 (libpcap's default).</summary>
    Microsecond,

    /// <summary>Nanoseconds: pcap magic a1b23c4d, pcapng if_tsresol 9.</summary>
    Nanosecond,
}
