using System.Runtime.InteropServices;
using Probe.Pcap.Internal;

namespace Probe.Pcap;

/// <summary>
/// Writes a pcapng file in host byte order: one Section Header Block, one Interface Description Block (if_tsresol 6 or
/// 9, if_fcslen when the link-type extension says an FCS is present) and an Enhanced Packet Block per packet.
/// </summary>
public sealed class PcapNgFileWriter : BufferedCaptureFileWriter
{
    private const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint InterfaceDescriptionType = 0x00000001;
    private const uint EnhancedPacketType = 0x00000006;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const ushort OptionEndOfOptions = 0;
    private const ushort OptionTsResol = 9;
    private const ushort OptionFcsLength = 13;
    private const int EnhancedPacketOverhead = 32;

    // LT_FCS_LENGTH_PRESENT / LT_FCS_LENGTH of libpcap's pcap/pcap.h.
    private const uint FcsLengthPresent = 0x04000000;

    public PcapNgFileWriter(Stream stream, CaptureFileWriterOptions options, bool leaveOpen = false)
        : base(stream, options, leaveOpen)
    {
        if (options.LinkType is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LinkType, "a pcapng link type is a 16-bit value");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.SnapLength);

        WriteSectionHeader();
        WriteInterfaceDescription(options);
    }

    private static int Pad4(int length) => (length + 3) & ~3;

    private void WriteSectionHeader()
    {
        const int length = 28;
        Span<byte> block = Output.Reserve(length);
        MemoryMarshal.Write(block, SectionHeaderType);
        MemoryMarshal.Write(block[4..], length);
        MemoryMarshal.Write(block[8..], ByteOrderMagic);
        MemoryMarshal.Write(block[12..], (ushort)1);
        MemoryMarshal.Write(block[14..], (ushort)0);
        MemoryMarshal.Write(block[16..], -1L); // section length not known in advance
        MemoryMarshal.Write(block[24..], length);
        Output.Commit(length);
    }

    private void WriteInterfaceDescription(CaptureFileWriterOptions options)
    {
        bool hasFcs = (options.LinkTypeExtension & FcsLengthPresent) != 0;
        int length = 16 + 8 + (hasFcs ? 8 : 0) + 4 + 4;
        Span<byte> block = Output.Reserve(length);
        block.Clear();
        MemoryMarshal.Write(block, InterfaceDescriptionType);
        MemoryMarshal.Write(block[4..], length);
        MemoryMarshal.Write(block[8..], (ushort)options.LinkType);
        MemoryMarshal.Write(block[12..], options.SnapLength);

        int at = 16;
        MemoryMarshal.Write(block[at..], OptionTsResol);
        MemoryMarshal.Write(block[(at + 2)..], (ushort)1);
        block[at + 4] = (byte)(IsNanosecond ? 9 : 6);
        at += 8;
        if (hasFcs)
        {
            MemoryMarshal.Write(block[at..], OptionFcsLength);
            MemoryMarshal.Write(block[(at + 2)..], (ushort)1);
            block[at + 4] = (byte)(options.LinkTypeExtension >> 28);
            at += 8;
        }

        MemoryMarshal.Write(block[at..], OptionEndOfOptions); // and a zero length
        MemoryMarshal.Write(block[(length - 4)..], length);
        Output.Commit(length);
    }

    private protected override void WriteRecord(long seconds, ulong fraction, uint wireLength, ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();

        // One 64-bit tick count in the interface's resolution; an unnormalised fraction simply carries into the seconds.
        ulong ticks = unchecked(((ulong)seconds * (IsNanosecond ? 1_000_000_000UL : 1_000_000UL)) + fraction);
        int padded = Pad4(data.Length);
        int length = EnhancedPacketOverhead + padded;

        Span<byte> header = Output.Reserve(28);
        MemoryMarshal.Write(header, EnhancedPacketType);
        MemoryMarshal.Write(header[4..], length);
        MemoryMarshal.Write(header[8..], 0); // interface 0
        MemoryMarshal.Write(header[12..], (uint)(ticks >> 32));
        MemoryMarshal.Write(header[16..], (uint)ticks);
        MemoryMarshal.Write(header[20..], (uint)data.Length);
        MemoryMarshal.Write(header[24..], wireLength);
        Output.Commit(28);
        Output.Write(data);

        Span<byte> trailer = Output.Reserve(padded - data.Length + 4);
        trailer.Clear();
        MemoryMarshal.Write(trailer[(padded - data.Length)..], length);
        Output.Commit(trailer.Length);
    }
}
