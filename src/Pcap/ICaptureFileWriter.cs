namespace Probe.Pcap;

/// <summary>A pcap or pcapng file being written. Buffered: Dispose flushes; <see cref="Flush"/> before rotating.</summary>
public interface ICaptureFileWriter : IDisposable
{
    /// <summary>Bytes produced so far (header included), flushed or not: the size the file will have.</summary>
    long BytesWritten { get; }

    TimestampPrecision Precision { get; }

    /// <summary>
    /// Writes a record read by <see cref="PcapFileReader"/>, taking the fraction libpcap would deliver at this writer's
    /// precision (so the output equals `tcpdump -r F -w OUT`, time stamps included).
    /// </summary>
    void Write(in PcapRecord record);

    /// <summary>
    /// Writes one packet: capture length = <paramref name="data"/>.Length. At microsecond precision the fraction is
    /// <paramref name="nanoseconds"/> / 1000, truncated.
    /// </summary>
    void Write(long seconds, ulong nanoseconds, uint wireLength, ReadOnlySpan<byte> data);

    /// <summary>Pushes everything written so far to the stream and flushes it.</summary>
    void Flush();
}
