namespace Probe.Pcap.Tests;

/// <summary>
/// Generated pcap files covering what the corpus lacks: every magic and byte order, old versions whose length fields
/// are swapped, odd snapshot lengths and link-type fields, time fields at their limits. Each is read like libpcap and
/// copied like tcpdump.
/// </summary>
public sealed class SyntheticPcapTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    private static readonly Dictionary<string, Func<byte[]>> Files = new()
    {
        ["micro little-endian, edge time fields"] = () => EdgeRecords(new PcapFileBuilder()).ToArray(),
        ["micro big-endian, edge time fields"] = () => EdgeRecords(new PcapFileBuilder(bigEndian: true)).ToArray(),
        ["nano little-endian, edge time fields"] = () => EdgeRecords(new PcapFileBuilder(PcapFileBuilder.NanoMagic)).ToArray(),
        ["nano big-endian, edge time fields"] = () => EdgeRecords(new PcapFileBuilder(PcapFileBuilder.NanoMagic, bigEndian: true)).ToArray(),
        ["Kuznetzov Ethernet (snapshot + 14)"] = () => new PcapFileBuilder(PcapFileBuilder.KuznetzovMagic, snapLength: 100)
            .Packet(1, 1, 60).Packet(2, 2, 114).Packet(3, 3, 120).ToArray(),
        ["Kuznetzov big-endian SLL"] = () => new PcapFileBuilder(PcapFileBuilder.KuznetzovMagic, bigEndian: true, snapLength: 100, linkType: 113)
            .Packet(1, 1, 60).Packet(2, 2, 100).Packet(3, 3, 120).ToArray(),
        ["version 2.0: len before caplen"] = () => new PcapFileBuilder(versionMinor: 0)
            .Record(1, 1, 100, 60, new byte[60]).Record(2, 2, 60, 60, new byte[60]).ToArray(),
        ["version 2.2 big-endian"] = () => new PcapFileBuilder(bigEndian: true, versionMinor: 2)
            .Record(1, 1, 1500, 64, new byte[64]).Record(2, 2, 64, 64, new byte[64]).ToArray(),
        ["version 2.3: swapped only where caplen > len"] = () => new PcapFileBuilder(versionMinor: 3)
            .Record(1, 1, 60, 100, new byte[60]).Record(2, 2, 100, 60, new byte[60]).Record(3, 3, 40, 40, new byte[40]).ToArray(),
        ["version 543.0 (DG/UX)"] = () => new PcapFileBuilder(versionMajor: 543, versionMinor: 0)
            .Record(1, 1, 90, 70, new byte[70]).Record(2, 2, 70, 90, new byte[90]).ToArray(),
        ["snaplen 0 becomes 262144"] = () => new PcapFileBuilder(snapLength: 0).Packet(1, 1, 262144).Packet(2, 2, 70000).ToArray(),
        ["snaplen above INT_MAX becomes 262144"] = () => new PcapFileBuilder(snapLength: 0x80000000).Packet(1, 1, 100).ToArray(),
        ["snaplen INT_MAX kept"] = () => new PcapFileBuilder(snapLength: int.MaxValue).Packet(1, 1, 262144).ToArray(),
        ["records longer than the snapshot length are cut"] = () => new PcapFileBuilder(snapLength: 9)
            .Packet(1, 1, 382).Packet(2, 2, 9).Packet(3, 3, 5).Packet(4, 4, 4096 + 9 + 1).ToArray(),
        ["caplen above len"] = () => new PcapFileBuilder().Packet(1, 1, 34, wireLength: 32).Packet(2, 2, 40, wireLength: 0).ToArray(),
        ["FCS-present extension bits"] = () => new PcapFileBuilder(linkType: 0x14000001).Packet(1, 1, 64).ToArray(),
        ["FCS length bits without the present bit"] = () => new PcapFileBuilder(linkType: 0xF0000001).Packet(1, 1, 64).ToArray(),
        ["bit 16 set: DLT 65537 in libpcap 1.10.3"] = () => new PcapFileBuilder(linkType: 0x00010001).Packet(1, 1, 64).ToArray(),
        ["LINKTYPE_RAW 101 is DLT_RAW 12"] = () => new PcapFileBuilder(linkType: 101).Packet(1, 1, 40).ToArray(),
        ["link type 12 is DLT_RAW, written back as 101"] = () => new PcapFileBuilder(linkType: 12).Packet(1, 1, 40).ToArray(),
        ["LINKTYPE_ATM_CLIP 106 is DLT 19"] = () => new PcapFileBuilder(linkType: 106).Packet(1, 1, 40).ToArray(),
        ["link type 19 written back as 106"] = () => new PcapFileBuilder(linkType: 19).Packet(1, 1, 40).ToArray(),
        ["LINKTYPE_ATM_RFC1483 100 is DLT 11"] = () => new PcapFileBuilder(linkType: 100).Packet(1, 1, 40).ToArray(),
        ["LINKTYPE_PKTAP 258"] = () => new PcapFileBuilder(linkType: 258).Packet(1, 1, 40).ToArray(),
        ["unassigned link type 13"] = () => new PcapFileBuilder(linkType: 13).Packet(1, 1, 40).ToArray(),
        ["D-Bus allows 128 MiB records"] = () => new PcapFileBuilder(snapLength: 0, linkType: 231).Packet(1, 1, 300000).ToArray(),
        ["USBPcap allows 1 MiB records"] = () => new PcapFileBuilder(snapLength: 2_000_000, linkType: 249).Packet(1, 1, 300000).ToArray(),
        ["zero-length records"] = () => new PcapFileBuilder().Packet(1, 1, 0).Packet(2, 2, 0, wireLength: 60).ToArray(),
        ["header only"] = () => new PcapFileBuilder().ToArray(),
    };

    public static TheoryData<string> FileNames => [.. Files.Keys];

    [Theory]
    [MemberData(nameof(FileNames))]
    public void ReadsLikeLibpcapAndCopiesLikeTcpdump(string name)
    {
        string path = _scratch.File($"synthetic-{Math.Abs(name.GetHashCode()):x8}.pcap", Files[name]());
        CaptureContents libpcap = DifferentialAssert.SameAsLibpcap(path);
        Assert.True(libpcap.Opened, libpcap.OpenError);
        Assert.Null(libpcap.ReadError);
        TcpdumpCopyAssert.SameAsTcpdump(path, _scratch);
    }

    public void Dispose() => _scratch.Dispose();

    private static PcapFileBuilder EdgeRecords(PcapFileBuilder file) => file
        .Packet(0, 0, 60)
        .Packet(0x7FFFFFFF, 999_999, 60)
        .Packet(0x80000000, 1_000_000, 60)
        .Packet(0xFFFFFFFF, 999_999_999, 60)
        .Packet(1_700_000_000, 1_000_000_000, 60)
        .Packet(1_700_000_001, 0x7FFFFFFF, 60)
        .Packet(1_700_000_002, 0x80000000, 60)
        .Packet(1_700_000_003, 0xFFFFFFFF, 60)
        .Packet(1_700_000_004, 0xFFFFF000, 60);
}
