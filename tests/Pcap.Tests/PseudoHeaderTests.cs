namespace Probe.Pcap.Tests;

/// <summary>
/// Link types whose pseudo-header libpcap rewrites on reading (byte order of a big-endian file's SocketCAN id, NFLOG
/// TLV headers, pflog ids, Linux USB headers; the length of USB memory-mapped isochronous completions). Every crafted
/// packet is written at every capture length from 0 to its full size and with a short wire length too, so each of
/// libpcap's bounds checks is crossed; the result must equal libpcap's bytes and lengths, and tcpdump's copy.
/// </summary>
public sealed class PseudoHeaderTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string name in Packets.Keys)
        {
            data.Add(name, true);
            data.Add(name, false);
        }

        return data;
    }

    private static readonly Dictionary<string, (uint LinkType, Func<bool, byte[][]> Build)> Packets = new()
    {
        ["SLL SocketCAN"] = (113, be => [Sll(0x000C, be), Sll(0x000D, be), Sll(0x0800, be)]),
        ["SLL2 SocketCAN FD"] = (276, be => [Sll2(0x000D, be), Sll2(0x000C, be), Sll2(0x86DD, be)]),
        ["NFLOG"] = (239, be => [Nflog(be, 0, [8, 5, 12]), Nflog(be, 0, [4, 0, 8]), Nflog(be, 0, [8, 65534]), Nflog(be, 1, [8, 8])]),
        ["pflog"] = (117, be => [Pflog(be, 61), Pflog(be, 48), Pflog(be, 52), Pflog(be, 47)]),
        ["Linux USB"] = (189, be => [Usb(be, transferType: 0, mmapped: false, 0, 0), Usb(be, transferType: 2, mmapped: false, 0, 0)]),
        ["Linux USB memory-mapped"] = (220, be =>
        [
            Usb(be, transferType: 0, mmapped: true, descriptors: 3, urbLength: 300),
            Usb(be, transferType: 0, mmapped: true, descriptors: 2, urbLength: 100, endpoint: 0x01),
            Usb(be, transferType: 3, mmapped: true, descriptors: 0, urbLength: 10),
            Usb(be, transferType: 0, mmapped: true, descriptors: 1, urbLength: 300, firstChunkLength: 24), // ends exactly at caplen
        ]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RewrittenLikeLibpcap(string name, bool bigEndian)
    {
        (uint linkType, Func<bool, byte[][]> build) = Packets[name];
        var file = new PcapFileBuilder(bigEndian: bigEndian, snapLength: 0, linkType: linkType);
        uint seconds = 1;
        foreach (byte[] packet in build(bigEndian))
        {
            for (int caplen = 0; caplen <= packet.Length; caplen++)
            {
                file.Record(seconds++, 0, (uint)caplen, (uint)packet.Length, packet.AsSpan(0, caplen));
                file.Record(seconds++, 0, (uint)caplen, (uint)(caplen / 2), packet.AsSpan(0, caplen));
            }

            // The length an old libpcap computed for a USB isochronous completion: 64 + 16 * ndesc + urb_len.
            if (linkType == 220 && packet.Length >= 64)
            {
                uint fromUrb = (uint)(64 + (16 * ReadU32(packet, 60, bigEndian)) + ReadU32(packet, 32, bigEndian));
                file.Record(seconds++, 0, (uint)packet.Length, fromUrb, packet);
            }
        }

        string path = _scratch.File($"{linkType}-{bigEndian}.pcap", file.ToArray());
        CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
        Assert.Null(libpcap.ReadError);
        TcpdumpCopyAssert.SameAsTcpdump(path, _scratch);
    }

    [Fact]
    public void BigEndianFilesAreActuallyRewritten()
    {
        // Guards the theory: libpcap must change some bytes of a big-endian SocketCAN file, and one USB length.
        string can = _scratch.File("can.pcap", new PcapFileBuilder(bigEndian: true, linkType: 113).Packet(1, 0, 0).Record(2, 0, 24, 24, Sll(0x000C, true)).ToArray());
        Assert.False(LibpcapOracle.Read(can, TimestampPrecision.Microsecond).Packets[1].Data.AsSpan().SequenceEqual(Sll(0x000C, true)));

        byte[] usb = Usb(false, transferType: 0, mmapped: true, descriptors: 3, urbLength: 300);
        string mmapped = _scratch.File("usb.pcap", new PcapFileBuilder(linkType: 220).Record(1, 0, (uint)usb.Length, 64 + 48 + 300, usb).ToArray());
        Assert.NotEqual(64u + 48 + 300, LibpcapOracle.Read(mmapped, TimestampPrecision.Microsecond).Packets[0].WireLength);
        DifferentialAssert.SameAsLibpcap(mmapped);
    }

    public void Dispose() => _scratch.Dispose();

    private static uint ReadU32(byte[] bytes, int offset, bool bigEndian) => bigEndian
        ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset))
        : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private static byte[] Sll(ushort protocol, bool bigEndian)
    {
        var w = new EndianWriter { BigEndian = true };
        w.U16(0).U16(1).U16(6).Bytes(new byte[8]).U16(protocol);
        w.BigEndian = bigEndian;
        return w.U32(0x12345678).U8(8).U8(0).U8(0).U8(0).Bytes([1, 2, 3, 4, 5, 6, 7, 8]).ToArray();
    }

    private static byte[] Sll2(ushort protocol, bool bigEndian)
    {
        var w = new EndianWriter { BigEndian = true };
        w.U16(protocol).U16(0).U32(3).U16(280).U8(0).U8(0).Bytes(new byte[8]);
        w.BigEndian = bigEndian;
        return w.U32(0x9ABCDEF0).U8(64).U8(1).U8(0).U8(0).Bytes(new byte[16]).ToArray();
    }

    private static byte[] Nflog(bool bigEndian, byte version, ushort[] tlvLengths)
    {
        var w = new EndianWriter { BigEndian = bigEndian };
        w.U8(2).U8(version).U16(0x1234);
        ushort type = 1;
        foreach (ushort length in tlvLengths)
        {
            w.U16(length).U16(type++);
            int valueBytes = Math.Min(Math.Max(PcapNgFileBuilder.Pad(length) - 4, 0), 12);
            w.Bytes(PcapFileBuilder.Pattern(valueBytes, type));
        }

        return w.ToArray();
    }

    private static byte[] Pflog(bool bigEndian, byte headerLength)
    {
        var w = new EndianWriter { BigEndian = bigEndian };
        w.U8(headerLength).U8(2).U8(0).U8(1).Bytes(new byte[32]).U32(7).U32(8);
        w.U32(0x01020304).U32(0x05060708).U32(0x090A0B0C).U32(0x0D0E0F10).U8(1).Bytes(new byte[3]);
        return w.Bytes([0x45, 0, 0, 20]).ToArray();
    }

    private static byte[] Usb(bool bigEndian, byte transferType, bool mmapped, uint descriptors, uint urbLength, byte endpoint = 0x81, uint? firstChunkLength = null)
    {
        var w = new EndianWriter { BigEndian = bigEndian };
        w.U64(0x1122334455667788).U8((byte)'C').U8(transferType).U8(endpoint).U8(5).U16(0x0102).U8(0).U8(0);
        w.U64(1_700_000_000).U32(123456).U32(0xFFFFFFEE).U32(urbLength).U32(urbLength);
        w.U32(descriptors).U32(descriptors); // iso_rec error_count, numdesc (or the setup bytes)
        if (mmapped)
        {
            w.U32(1).U32(2).U32(3).U32(descriptors);
            for (uint i = 0; i < descriptors; i++)
            {
                uint chunkLength = i == 0 && firstChunkLength is uint first ? first : i == 1 ? 0u : 90 + i;
                w.U32(0).U32(i * 100).U32(chunkLength).U32(0);
            }
        }

        return w.Bytes(PcapFileBuilder.Pattern(24, 9)).ToArray();
    }
}
