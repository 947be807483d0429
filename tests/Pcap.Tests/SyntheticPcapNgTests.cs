namespace Probe.Pcap.Tests;

/// <summary>
/// Generated pcapng files: every kind of time-stamp resolution and offset, both byte orders, several sections,
/// SPB and the obsolete PB, blocks that are skipped. Each is read like libpcap (at both precisions, where binary
/// resolutions make libpcap's 64-bit arithmetic overflow) and copied like tcpdump.
/// </summary>
public sealed class SyntheticPcapNgTests : IDisposable
{
    private static readonly ulong[] Ticks =
    [
        0, 1, 999_999, 1_000_000, 1_700_000_000_123_456, 0x0000_0001_0000_0000, 0x0123_4567_89AB_CDEF,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0x0000_0FFF_FFFF_FFFF, 0x1234_5678_0000_0000,
    ];

    private readonly TempDirectory _scratch = new();

    public static TheoryData<string> Resolutions =>
    [
        "none", "0", "3", "6", "7", "9", "10", "12", "19",
        "0x80", "0x8a", "0x94", "0x9e", "0xa2", "0xa3", "0xa8", "0xac", "0xad", "0xb0", "0xbf",
    ];

    private static readonly Dictionary<string, Func<byte[]>> Files = new()
    {
        ["big-endian"] = () => Packets(new PcapNgFileBuilder(bigEndian: true).Interface(1, 65535, tsresol: 9)).ToArray(),
        ["version 1.2"] = () => Packets(new PcapNgFileBuilder(minor: 2).Interface(1, 65535)).ToArray(),
        ["if_tsoffset"] = () => Packets(new PcapNgFileBuilder().Interface(1, 65535, tsresol: 6, tsoffset: 1_000_000_000)).ToArray(),
        ["if_tsoffset that wraps"] = () => Packets(new PcapNgFileBuilder().Interface(1, 65535, tsoffset: 0xFFFF_FFFF_0000_0000)).ToArray(),
        ["two interfaces, different resolutions"] = () => new PcapNgFileBuilder().Interface(1, 65535, tsresol: 6).Interface(1, 65535, tsresol: 0x94)
            .Packet(0, 1_700_000_000_000_001, 60).Packet(1, 0x0000_FFFF_FFFF_FFFF, 60).Packet(0, 5, 61).ToArray(),
        ["several sections with their own interfaces"] = () => new PcapNgFileBuilder().Interface(1, 1500, tsresol: 9)
            .Packet(0, 1_000_000_001, 60).Section(false).Interface(1, 1500, tsresol: 3).Interface(1, 1500).Packet(1, 7_000_001, 62).Packet(0, 7001, 63).ToArray(),
        ["big-endian sections"] = () => new PcapNgFileBuilder(bigEndian: true).Interface(1, 1500)
            .Packet(0, 1, 60).Section(true).Interface(1, 1500).Packet(0, 2, 62).ToArray(),
        ["a section without interfaces before the first IDB is skipped"] = () => new PcapNgFileBuilder().Section(false).Interface(1, 1500).Packet(0, 1, 60).ToArray(),
        ["snaplen 0 and 262144 are the same after adjustment"] = () => new PcapNgFileBuilder().Interface(1, 0).Interface(1, 262144).Packet(1, 1, 70000).ToArray(),
        ["simple packet blocks, cut to the snapshot length"] = () => new PcapNgFileBuilder().Interface(1, 100, tsoffset: 12345)
            .Simple(60, new byte[60]).Simple(150, new byte[100]).Simple(0, []).ToArray(),
        ["obsolete packet blocks"] = () => new PcapNgFileBuilder().Interface(1, 65535, tsresol: 9).Interface(1, 65535)
            .Obsolete(1, 1_700_000_000_123_456, 60, 64, new byte[60]).Obsolete(0, 1_700_000_000_123_456_789, 40, 40, new byte[40]).ToArray(),
        ["blocks libpcap skips"] = () => new PcapNgFileBuilder().Block(PcapNgFileBuilder.NrbType, new byte[4]).Interface(1, 65535)
            .Block(PcapNgFileBuilder.IsbType, new byte[20]).Packet(0, 1, 60).Block(PcapNgFileBuilder.DsbType, new byte[8])
            .Block(PcapNgFileBuilder.CustomType, new byte[12]).Block(0x40000BAD, new byte[4]).Block(0x12345678, []).Packet(0, 2, 61).ToArray(),
        ["options after opt_endofopt are not read"] = () => new PcapNgFileBuilder().Interface(1, 65535, extraOptions:
            [.. PcapNgFileBuilder.Option(0, [], false), .. PcapNgFileBuilder.Option(9, [99, 99], false)]).Packet(0, 1, 60).ToArray(),
        ["caplen above len"] = () => new PcapNgFileBuilder().Interface(1, 65535).Packet(0, 1, 34, wireLength: 32).ToArray(),
        ["LINKTYPE_RAW interface"] = () => new PcapNgFileBuilder().Interface(101, 65535).Packet(0, 1, 40).ToArray(),
        ["SLL interface"] = () => new PcapNgFileBuilder(bigEndian: true).Interface(113, 65535).Packet(0, 1, 40).ToArray(),
        ["interface only"] = () => new PcapNgFileBuilder().Interface(1, 65535).ToArray(),
    };

    public static TheoryData<string> FileNames => [.. Files.Keys];

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void TimestampResolutionConvertsLikeLibpcap(string tsresol)
    {
        byte? resolution = tsresol == "none" ? null : Convert.ToByte(tsresol, tsresol.StartsWith("0x", StringComparison.Ordinal) ? 16 : 10);
        foreach (bool bigEndian in new[] { false, true })
        {
            PcapNgFileBuilder file = new PcapNgFileBuilder(bigEndian).Interface(1, 65535, resolution);
            foreach (ulong ticks in Ticks)
            {
                file.Packet(0, ticks, 60);
            }

            string path = _scratch.File($"tsresol-{tsresol}-{bigEndian}.pcapng", file.ToArray());
            CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
            Assert.Equal(Ticks.Length, libpcap.Packets.Count);
            TcpdumpCopyAssert.SameAsTcpdump(path, _scratch);
        }
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void ReadsLikeLibpcapAndCopiesLikeTcpdump(string name)
    {
        string path = _scratch.File($"synthetic-{Math.Abs(name.GetHashCode()):x8}.pcapng", Files[name]());
        CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
        Assert.True(libpcap.Opened, libpcap.OpenError);
        Assert.Null(libpcap.ReadError);
        TcpdumpCopyAssert.SameAsTcpdump(path, _scratch);
    }

    [Fact]
    public void MicrosecondValueFollowsLibpcapWhereBinaryScalingOverflows()
    {
        // 2^-40 s ticks: libpcap's frac * 10^9 wraps while frac * 10^6 does not, so Nanoseconds / 1000 is not what
        // libpcap hands out at microsecond precision; Microseconds is.
        ulong ticks = (1UL << 40) - 1;
        string path = _scratch.File("overflow.pcapng", new PcapNgFileBuilder().Interface(1, 65535, tsresol: 0x80 | 40).Packet(0, ticks, 60).ToArray());
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        Assert.True(reader.TryRead(out PcapRecord record));
        CapturedPacket micro = LibpcapOracle.Read(path, TimestampPrecision.Microsecond).Packets.Single();
        CapturedPacket nano = LibpcapOracle.Read(path, TimestampPrecision.Nanosecond).Packets.Single();
        Assert.Equal(micro.Fraction, (long)record.Microseconds);
        Assert.Equal(nano.Fraction, (long)record.Nanoseconds);
        Assert.NotEqual(record.Microseconds, record.Nanoseconds / 1000);
    }

    public void Dispose() => _scratch.Dispose();

    private static PcapNgFileBuilder Packets(PcapNgFileBuilder file)
    {
        foreach (ulong ticks in Ticks)
        {
            file.Packet(0, ticks, 60 + (int)(ticks % 7));
        }

        return file;
    }
}
