namespace Probe.Pcap.Tests;

/// <summary>
/// Broken files generated here: the error names the file and the exact offset of the faulty header, record or block,
/// carries libpcap's own reason, and every record before the fault is delivered (the same ones libpcap delivers).
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    /// <summary>A broken file, where its fault starts, and how many good records precede it.</summary>
    public sealed record Case(byte[] Bytes, long FaultOffset, int RecordsBefore, string ReasonFragment);

    private static readonly Dictionary<string, Func<Case>> Cases = new()
    {
        ["pcap zero-length file"] = () => new Case([], 0, 0, "tried to read 4 file header bytes, only got 0"),
        ["pcap bad magic"] = () => new Case("this is not a capture file at all"u8.ToArray(), 0, 0, "unknown file format"),
        ["pcap truncated file header"] = () => new Case(new PcapFileBuilder().ToArray()[..10], 0, 0, "tried to read 24 file header bytes, only got 6"),
        ["pcap truncated record header"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder());
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 60).ToArray()[..(int)(fault + 7)], fault, 3, "tried to read 16 header bytes, only got 7");
        },
        ["pcap truncated record data"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder());
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 98).ToArray()[..(int)(fault + 16 + 60)], fault, 3, "tried to read 98 captured bytes, only got 60");
        },
        ["pcap truncated big-endian nanosecond record"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder(PcapFileBuilder.NanoMagic, bigEndian: true));
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 98).ToArray()[..(int)(fault + 16 + 1)], fault, 3, "tried to read 98 captured bytes, only got 1");
        },
        ["pcap truncated inside the part beyond the snapshot length"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder(snapLength: 64));
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 200).ToArray()[..(int)(fault + 16 + 100)], fault, 3, "tried to read 200 captured bytes, only got 100");
        },
        ["pcap truncated inside the snapshot length of a longer record"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder(snapLength: 64));
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 200).ToArray()[..(int)(fault + 16 + 30)], fault, 3, "tried to read 64 captured bytes, only got 30");
        },
        ["pcap caplen above 262144"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder());
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 262145).ToArray(), fault, 3, "invalid packet capture length 262145, bigger than snaplen of 65535");
        },
        ["pcap caplen above 262144 under a larger snaplen"] = () =>
        {
            PcapFileBuilder file = ThreePackets(new PcapFileBuilder(snapLength: int.MaxValue));
            long fault = file.Position;
            return new Case(file.Packet(4, 0, 300000).ToArray(), fault, 3, "invalid packet capture length 300000, bigger than maximum of 262144");
        },
        ["pcap archaic version"] = () => new Case(ThreePackets(new PcapFileBuilder(versionMajor: 1, versionMinor: 4)).ToArray(), 0, 0, "archaic pcap savefile format"),
        ["pcap unsupported version"] = () => new Case(ThreePackets(new PcapFileBuilder(versionMajor: 2, versionMinor: 5)).ToArray(), 0, 0, "unsupported pcap savefile version 2.5"),
        ["pcap unsupported major version"] = () => new Case(ThreePackets(new PcapFileBuilder(versionMajor: 3, versionMinor: 0)).ToArray(), 0, 0, "unsupported pcap savefile version 3.0"),
        ["pcap navtel magic is not read"] = () => new Case(ThreePackets(new PcapFileBuilder(magic: 0xA12B3C4D)).ToArray(), 0, 0, "unknown file format"),

        ["pcapng block length mismatch"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1_000_000, 60);
            long fault = file.Position;
            byte[] body = new PcapNgFileBuilder().Body().U32(0).U32(0).U32(5).U32(4).U32(4).U32(0xDEADBEEF).ToArray();
            return new Case(file.Block(PcapNgFileBuilder.EpbType, body, trailerLength: 40).Packet(0, 2, 60).ToArray(), fault, 1, "block total length in header and trailer don't match");
        },
        ["pcapng truncated block"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60).Packet(0, 2, 60);
            long fault = file.Position;
            byte[] bytes = file.Packet(0, 3, 60).ToArray();
            return new Case(bytes[..(int)(fault + 50)], fault, 2, "truncated pcapng dump file; tried to read 100 bytes, only got 42");
        },
        ["pcapng truncated block header"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Packet(0, 3, 60).ToArray()[..(int)(fault + 5)], fault, 1, "truncated pcapng dump file; tried to read 8 bytes, only got 5");
        },
        ["pcapng block shorter than 12"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Block(99, [], headerLength: 8).ToArray(), fault, 1, "has a length of 8 < 12");
        },
        ["pcapng block length not a multiple of 4"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Block(99, new byte[8], headerLength: 18).ToArray(), fault, 1, "has a length of 18 that is not a multiple of 4");
        },
        ["pcapng block above 16 MiB"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Block(99, new byte[8], headerLength: 20 << 20).ToArray(), fault, 1, "pcapng block size 20971520 > maximum 16777216");
        },
        ["pcapng no interface description block"] = () =>
        {
            var file = new PcapNgFileBuilder().Block(PcapNgFileBuilder.NrbType, new byte[4]);
            return new Case(file.ToArray(), file.Position, 0, "the capture file has no Interface Description Blocks");
        },
        ["pcapng packet before any interface"] = () => new Case(new PcapNgFileBuilder().Packet(0, 1, 60).ToArray(), 28, 0, "a packet block before any Interface Description Blocks"),
        ["pcapng section header too long"] = () => new Case(SectionHeaderWithLength(0x00200000), 0, 0, "has invalid length 28 < _2097152_ < 1048576"),
        ["pcapng section header too short"] = () => new Case(SectionHeaderWithLength(24), 0, 0, "has invalid length 28 < _24_ < 1048576"),
        ["pcapng truncated section header"] = () => new Case(new PcapNgFileBuilder(minor: 0).Interface(1, 65535).ToArray()[..20], 0, 0, "truncated pcapng dump file; tried to read 16 bytes, only got 8"),
        ["pcapng unsupported version 1.1"] = () => new Case(new PcapNgFileBuilder(minor: 1).Interface(1, 65535).ToArray(), 0, 0, "unsupported pcapng savefile version 1.1"),
        ["pcapng unsupported version 2.0"] = () => new Case(new PcapNgFileBuilder(bigEndian: true, major: 2).Interface(1, 65535).ToArray(), 0, 0, "unsupported pcapng savefile version 2.0"),
        ["pcapng packet on an undeclared interface"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Packet(1, 2, 60).ToArray(), fault, 1, "a packet arrived on interface 1, but there's no Interface Description Block for that interface");
        },
        ["pcapng caplen above the snapshot length"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 100).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Packet(0, 2, 101).ToArray(), fault, 1, "invalid packet capture length 101, bigger than snaplen of 100");
        },
        ["pcapng caplen beyond the block"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Enhanced(0, 2, 200, 200, new byte[60]).ToArray(), fault, 1, "block of type 6 in pcapng dump file is too short");
        },
        ["pcapng enhanced packet block too short"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Block(PcapNgFileBuilder.EpbType, new byte[16]).ToArray(), fault, 1, "block of type 6 in pcapng dump file is too short");
        },
        ["pcapng second interface of another link type"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Interface(113, 65535).Packet(1, 2, 60).ToArray(), fault, 1, "an interface has a type 113 different from the type of the first interface");
        },
        ["pcapng second interface with another snapshot length"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Interface(1, 128).ToArray(), fault, 1, "an interface has a snapshot length 128 different from the snapshot length of the first interface");
        },
        ["pcapng second LINKTYPE_RAW interface (libpcap compares DLT with LINKTYPE)"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(101, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Interface(101, 65535).ToArray(), fault, 1, "an interface has a type 101 different from the type of the first interface");
        },
        ["pcapng later section in the other byte order"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            var body = new EndianWriter { BigEndian = true }.U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue).ToArray();
            return new Case(file.Block(PcapNgFileBuilder.ShbType, body).ToArray(), fault, 1, "the file has sections with different byte orders");
        },
        ["pcapng later section with a bad byte-order magic"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            var body = file.Body().U32(0x11223344).U16(1).U16(0).U64(0).ToArray();
            return new Case(file.Block(PcapNgFileBuilder.ShbType, body).ToArray(), fault, 1, "the file has a section with a bad byte order magic field");
        },
        ["pcapng later section of major version 2"] = () =>
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
            long fault = file.Position;
            return new Case(file.Section(false, major: 2).ToArray(), fault, 1, "unknown pcapng savefile major version number 2");
        },
        ["pcapng if_tsresol of length 2"] = () => IdbOptionFault(Opt(9, [6, 0]), "if_tsresol option with length 2 != 1"),
        ["pcapng if_tsresol twice"] = () => IdbOptionFault([.. Opt(9, [6]), .. Opt(9, [9])], "more than one if_tsresol option"),
        ["pcapng if_tsresol 10^-20"] = () => IdbOptionFault(Opt(9, [20]), "resolution 10^-20 is too high"),
        ["pcapng if_tsresol 2^-64"] = () => IdbOptionFault(Opt(9, [0x80 | 64]), "resolution 2^-64 is too high"),
        ["pcapng if_tsoffset of length 4"] = () => IdbOptionFault(Opt(14, [1, 2, 3, 4]), "if_tsoffset option with length 4 != 8"),
        ["pcapng if_tsoffset twice"] = () => IdbOptionFault([.. Opt(14, new byte[8]), .. Opt(14, new byte[8])], "more than one if_tsoffset option"),
        ["pcapng opt_endofopt with a length"] = () => IdbOptionFault(Opt(0, [1, 2, 3, 4]), "opt_endofopt option with length 4 != 0"),
        ["pcapng option running past the block"] = () => IdbOptionFault(new EndianWriter().U16(2).U16(200).ToArray(), "block of type 1 in pcapng dump file is too short"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FaultNamesFileAndOffsetAndKeepsEarlierRecords(string name)
    {
        Case broken = Cases[name]();
        string path = _scratch.File($"case-{Math.Abs(name.GetHashCode()):x8}.bin", broken.Bytes);

        // Same verdict, same reason, same records as libpcap, at both precisions.
        CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
        string? libpcapReason = libpcap.OpenError ?? libpcap.ReadError;
        Assert.NotNull(libpcapReason);
        Assert.Contains(broken.ReasonFragment, libpcapReason);
        Assert.Equal(broken.RecordsBefore, libpcap.Packets.Count);

        // Our exception: file name, exact offset, libpcap's reason, after exactly the good records.
        int delivered = 0;
        PcapFormatException fault = Assert.Throws<PcapFormatException>(() =>
        {
            using PcapFileReader reader = PcapFileReader.OpenFile(path);
            while (reader.TryRead(out _))
            {
                delivered++;
            }
        });
        Assert.Equal(broken.RecordsBefore, delivered);
        Assert.Equal(path, fault.FileName);
        Assert.Equal(broken.FaultOffset, fault.Offset);
        Assert.Equal(libpcapReason, fault.Reason);
        Assert.Equal($"{path}: offset {broken.FaultOffset}: {libpcapReason}", fault.Message);
    }

    public void Dispose() => _scratch.Dispose();

    private static PcapFileBuilder ThreePackets(PcapFileBuilder file) => file.Packet(1, 10, 60).Packet(2, 20, 64).Packet(3, 30, 42);

    private static byte[] Opt(ushort code, byte[] value) => PcapNgFileBuilder.Option(code, value, bigEndian: false);

    private static byte[] SectionHeaderWithLength(uint length) =>
        new EndianWriter().U32(PcapNgFileBuilder.ShbType).U32(length).U32(0x1A2B3C4D).U16(1).U16(0).U64(0).U32(length).ToArray();

    private static Case IdbOptionFault(byte[] options, string fragment)
    {
        // The first IDB is checked while opening; a later one (same link type and snaplen) while reading.
        PcapNgFileBuilder file = new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 60);
        long fault = file.Position;
        return new Case(file.Interface(1, 65535, extraOptions: options).Packet(0, 2, 60).ToArray(), fault, 1, fragment);
    }
}
