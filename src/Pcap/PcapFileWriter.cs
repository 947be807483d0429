using System.Runtime.InteropServices;
using Probe.Pcap.Internal;

namespace Probe.Pcap;

/// <summary>
/// Writes a classic pcap file byte for byte as libpcap 1.10.3's pcap_dump_open / pcap_dump do: host byte order,
/// version 2.4, thiszone 0, sigfigs 0; each record's seconds and fraction stored as their low 32 bits.
/// </summary>
public sealed class PcapFileWriter : BufferedCaptureFileWriter
{
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const uint NanosecondMagic = 0xA1B23C4D;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    /// <summary>Writes the file header into the buffer (it reaches the stream with the first flush).</summary>
    public PcapFileWriter(Stream stream, CaptureFileWriterOptions options, bool leaveOpen = false)
        : base(stream, options, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.LinkType);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SnapLength);

        Span<byte> header = Output.Reserve(FileHeaderLength);
        MemoryMarshal.Write(header, IsNanosecond ? NanosecondMagic : MicrosecondMagic);
        MemoryMarshal.Write(header[4..], (ushort)2);
        MemoryMarshal.Write(header[6..], (ushort)4);
        MemoryMarshal.Write(header[8..], 0);
        MemoryMarshal.Write(header[12..], 0);
        MemoryMarshal.Write(header[16..], options.SnapLength);
        MemoryMarshal.Write(header[20..], (uint)options.LinkType | options.LinkTypeExtension);
        Output.Commit(FileHeaderLength);
    }

    private protected override void WriteRecord(long seconds, ulong fraction, uint wireLength, ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();

        // pcap_dump casts both time fields to 32 bits: seconds past 2106 and unnormalised fractions keep their low bits.
        Span<byte> header = Output.Reserve(RecordHeaderLength);
        MemoryMarshal.Write(header, unchecked((uint)seconds));
        MemoryMarshal.Write(header[4..], unchecked((uint)fraction));
        MemoryMarshal.Write(header[8..], (uint)data.Length);
        MemoryMarshal.Write(header[12..], wireLength);
        Output.Commit(RecordHeaderLength);
        Output.Write(data);
    }
}
