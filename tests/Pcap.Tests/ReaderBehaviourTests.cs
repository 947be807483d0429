using System.Diagnostics;

namespace Probe.Pcap.Tests;

/// <summary>How the reader behaves as an object: streams that are pipes or trickle, leases, faults, disposal, header values.</summary>
public sealed class ReaderBehaviourTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public static TheoryData<string> CorpusFiles => Corpus.Names();

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ShortReadsFromANonSeekableStreamChangeNothing(string name)
    {
        DifferentialAssert.SameAsLibpcap(Corpus.PathOf(name), stream => new TrickleStream(stream));
    }

    [Theory]
    [InlineData("tcpdump-tests/pptp.pcap")]
    [InlineData("tcpdump-tests/of13_ericsson.pcapng")]
    [InlineData("tcpdump-tests/bigtcp-ipv6-hbh.pcap")]
    public void ReadsFromAPipe(string name)
    {
        string path = Corpus.PathOf(name);
        var start = new ProcessStartInfo("cat", path) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process cat = Process.Start(start)!;
        using PcapFileReader piped = PcapFileReader.Open(cat.StandardOutput.BaseStream, "pipe");
        CaptureContents expected = LibpcapOracle.Read(path, TimestampPrecision.Nanosecond);
        int count = 0;
        while (piped.TryRead(out PcapRecord record))
        {
            CapturedPacket packet = expected.Packets[count++];
            Assert.Equal(packet.Data, record.Data.ToArray());
            Assert.Equal(packet.WireLength, record.WireLength);
        }

        Assert.Equal(expected.Packets.Count, count);
        cat.WaitForExit();
    }

#if DEBUG
    [Fact]
    public void RecordDataUsedAfterTheNextReadThrowsInDebugBuilds()
    {
        string path = _scratch.File("two.pcap", new PcapFileBuilder().Packet(1, 0, 60).Packet(2, 0, 60).ToArray());
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        Assert.True(reader.TryRead(out PcapRecord first));
        Assert.Equal(60, first.Data.Length);
        Assert.True(reader.TryRead(out PcapRecord second));
        Assert.Equal(60, second.Data.Length);
        Assert.Throws<InvalidOperationException>(() => first.Data.Length);
        reader.Dispose();
        Assert.Throws<InvalidOperationException>(() => second.Memory.Length);
    }
#endif

    [Fact]
    public void FaultIsReportedAgainOnEveryLaterRead()
    {
        byte[] bytes = new PcapFileBuilder().Packet(1, 0, 60).Packet(2, 0, 60).ToArray();
        string path = _scratch.File("cut.pcap", bytes[..^10]);
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        Assert.True(reader.TryRead(out _));
        PcapFormatException first = Assert.Throws<PcapFormatException>(() => reader.TryRead(out _));
        PcapFormatException again = Assert.Throws<PcapFormatException>(() => reader.TryRead(out _));
        Assert.Same(first, again);
        Assert.Equal(24 + 16 + 60, first.Offset);
    }

    [Fact]
    public void DisposeClosesTheStreamUnlessLeftOpen()
    {
        byte[] bytes = new PcapFileBuilder().Packet(1, 0, 60).ToArray();
        var kept = new MemoryStream(bytes);
        PcapFileReader.Open(kept, "kept", leaveOpen: true).Dispose();
        Assert.True(kept.CanRead);

        var closed = new MemoryStream(bytes);
        PcapFileReader reader = PcapFileReader.Open(closed, "closed");
        reader.Dispose();
        Assert.False(closed.CanRead);
        Assert.Throws<ObjectDisposedException>(() => reader.TryRead(out _));
    }

    [Fact]
    public void OpenFileReportsAMissingFile()
    {
        Assert.Throws<FileNotFoundException>(() => PcapFileReader.OpenFile(_scratch.PathOf("absent.pcap")));
    }

    [Fact]
    public void HeaderValuesOfABigEndianNanosecondRawIpFile()
    {
        string path = _scratch.File("raw.pcap", new PcapFileBuilder(PcapFileBuilder.NanoMagic, bigEndian: true, versionMinor: 3, snapLength: 0, linkType: 0x14000065)
            .Packet(1, 5, 40).ToArray());
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        CaptureContents libpcap = LibpcapOracle.Read(path, TimestampPrecision.Nanosecond);
        Assert.Equal(CaptureFileFormat.Pcap, reader.Format);
        Assert.Equal(101, reader.LinkType);
        Assert.Equal(0x14000000u, reader.LinkTypeExtension);
        Assert.Equal(libpcap.DataLink, reader.DataLink);
        Assert.Equal(LinkTypeMap.LinkTypeToDlt(101), reader.DataLink);
        Assert.Equal(libpcap.SnapLength, reader.SnapLength);
        Assert.True(reader.IsNanosecond);
        Assert.True(reader.IsSwapped);
        Assert.Equal((2, 3), (reader.VersionMajor, reader.VersionMinor));
        Assert.Equal(24, reader.Position);
        Assert.True(reader.TryRead(out PcapRecord record));
        Assert.Equal(24 + 16 + 40, reader.Position);
        Assert.Equal((1L, 5UL, 0UL), (record.Seconds, record.Nanoseconds, record.Microseconds));
    }

    [Fact]
    public void HeaderValuesOfAPcapNgFile()
    {
        string path = _scratch.File("ng.pcapng", new PcapNgFileBuilder(bigEndian: true, minor: 2).Interface(113, 0, tsresol: 9).Interface(113, 0)
            .Packet(1, 1_500_000, 60).Packet(0, 1_500_000, 60).ToArray());
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        CaptureContents libpcap = LibpcapOracle.Read(path, TimestampPrecision.Nanosecond);
        Assert.Equal(CaptureFileFormat.PcapNg, reader.Format);
        Assert.Equal(113, reader.LinkType);
        Assert.Equal(libpcap.DataLink, reader.DataLink);
        Assert.Equal(SnapshotLength.Maximum, reader.SnapLength);
        Assert.Equal(libpcap.SnapLength, reader.SnapLength);
        Assert.True(reader.IsNanosecond);
        Assert.Equal(BitConverter.IsLittleEndian, reader.IsSwapped);
        Assert.Equal((1, 2), (reader.VersionMajor, reader.VersionMinor));
        Assert.True(reader.TryRead(out PcapRecord first));
        Assert.Equal((1, 1L, 500_000_000UL, 500_000UL), (first.InterfaceId, first.Seconds, first.Nanoseconds, first.Microseconds));
        Assert.True(reader.TryRead(out PcapRecord second));
        Assert.Equal((0, 0L, 1_500_000UL), (second.InterfaceId, second.Seconds, second.Nanoseconds));
    }

    public void Dispose() => _scratch.Dispose();
    /// <summary>
    /// Every link-type field from 0 to 299, and some with the FCS/flag bits set: the DLT the reader reports is the
    /// one libpcap reports for the same file (LINKTYPE_ to DLT_ as libpcap maps it on Linux), or both refuse it.
    /// </summary>
    [Fact]
    public void Every_link_type_field_gives_the_dlt_libpcap_reports()
    {
        var fields = Enumerable.Range(0, 300).Select(v => (uint)v)
            .Concat<uint>([0x40000001u, 0x30000001u, 0x1000_0065u, 0x0400_0000u | 106, 1000, 0x03FFFFFF, 0xFC000000 | 101]);
        int compared = 0;
        foreach (uint field in fields)
        {
            string path = _scratch.File($"lt-{field:x8}.pcap", new PcapFileBuilder(linkType: field).Packet(1, 0, 60).ToArray());
            CaptureContents libpcap = LibpcapOracle.Read(path, TimestampPrecision.Microsecond);
            if (libpcap.OpenError is not null)
                continue;
            using PcapFileReader reader = PcapFileReader.OpenFile(path);
            Assert.True(libpcap.DataLink == reader.DataLink, $"link-type field 0x{field:x}: libpcap says DLT {libpcap.DataLink}, ours {reader.DataLink}");
            compared++;
        }
        Assert.True(compared > 250, $"libpcap opened only {compared} of the generated files");
    }
}
