namespace Probe.Pcap;

/// <summary>Creates a writer for either format.</summary>
public static class CaptureFileWriter
{
    public static ICaptureFileWriter Create(Stream stream, CaptureFileFormat format, CaptureFileWriterOptions options, bool leaveOpen = false) =>
        format switch
        {
            CaptureFileFormat.Pcap => new PcapFileWriter(stream, options, leaveOpen),
            CaptureFileFormat.PcapNg => new PcapNgFileWriter(stream, options, leaveOpen),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown capture file format"),
        };
}
