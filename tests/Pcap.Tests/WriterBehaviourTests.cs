using System.Diagnostics;

namespace Probe.Pcap.Tests;

/// <summary>The writers as objects: libpcap's pcap_dump as the oracle for packets not read from a file, buffering, streams.</summary>
public sealed class WriterBehaviourTests : IDisposable
{
    private static readonly (long Seconds, ulong Nanoseconds, int Length, uint WireLength)[] Packets =
    [
        (0, 0, 60, 60),
        (1_700_000_000, 123_456_789, 1514, 1514),
        (1_700_000_000, 999_999_999, 64, 9000),
        (0x7FFF_FFFF, 1_000, 0, 60),
        (0xFFFF_FFFF, 999, 100, 100),
        (0x1_2345_6789, 1_000_000_000_123, 42, 42),
        (-1, 5_000, 60, 60),
        (1_700_000_001, 1, 70_000, 70_000),
    ];

    private readonly TempDirectory _scratch = new();

    [Theory]
    [InlineData(1, 262144, TimestampPrecision.Microsecond)]
    [InlineData(1, 65535, TimestampPrecision.Nanosecond)]
    [InlineData(113, 96, TimestampPrecision.Microsecond)]
    [InlineData(101, 1500, TimestampPrecision.Nanosecond)]
    public unsafe void PacketsWrittenAsLibpcapsPcapDumpWritesThem(int linkType, int snapLength, TimestampPrecision precision)
    {
        bool nano = precision == TimestampPrecision.Nanosecond;
        string expectedPath = _scratch.PathOf($"libpcap-{linkType}-{precision}.pcap");
        using (PcapHandle dead = Interop.LibPcap.OpenDeadWithTstampPrecision(
                   LinkTypeMap.LinkTypeToDlt(linkType), snapLength, nano ? Interop.LibPcap.PrecisionNano : Interop.LibPcap.PrecisionMicro))
        {
            IntPtr dumper = Interop.LibPcap.DumpOpen(dead, expectedPath);
            Assert.NotEqual(IntPtr.Zero, dumper);
            foreach ((long seconds, ulong nanoseconds, int length, uint wireLength) in Packets)
            {
                byte[] data = PcapFileBuilder.Pattern(length, (uint)seconds);

                // What a capture at this precision hands pcap_dump: microseconds are the nanoseconds truncated.
                var header = new Interop.LibPcap.PacketHeader
                {
                    Seconds = seconds,
                    Fraction = (long)(nano ? nanoseconds : nanoseconds / 1000),
                    CaptureLength = (uint)length,
                    WireLength = wireLength,
                };
                fixed (byte* bytes = data)
                {
                    Interop.LibPcap.Dump(dumper, &header, bytes);
                }
            }

            Interop.LibPcap.DumpClose(dumper);
        }

        var ours = new MemoryStream();
        using (var writer = new PcapFileWriter(ours, new CaptureFileWriterOptions { LinkType = linkType, SnapLength = snapLength, Precision = precision }))
        {
            foreach ((long seconds, ulong nanoseconds, int length, uint wireLength) in Packets)
            {
                writer.Write(seconds, nanoseconds, wireLength, PcapFileBuilder.Pattern(length, (uint)seconds));
            }
        }

        Assert.Equal(File.ReadAllBytes(expectedPath), ours.ToArray());
    }

    [Theory]
    [InlineData(CaptureFileFormat.Pcap)]
    [InlineData(CaptureFileFormat.PcapNg)]
    public void BuffersUntilFlushAndCountsBytes(CaptureFileFormat format)
    {
        var stream = new MemoryStream();
        var options = new CaptureFileWriterOptions { LinkType = 1, SnapLength = SnapshotLength.Maximum };
        ICaptureFileWriter writer = CaptureFileWriter.Create(stream, format, options, leaveOpen: true);
        writer.Write(1, 2000, 60, new byte[60]);
        Assert.Equal(0, stream.Length);
        writer.Flush();
        Assert.Equal(writer.BytesWritten, stream.Length);

        writer.Write(2, 3000, 61, new byte[61]);
        writer.Write(3, 4000, 100_000, new byte[100_000]); // large: bypasses the buffer, after what is buffered
        long expected = writer.BytesWritten;
        writer.Dispose();
        Assert.Equal(expected, stream.Length);
        Assert.True(stream.CanWrite);

        string path = _scratch.File($"buffered.{format}", stream.ToArray());
        CaptureContents libpcap = LibpcapOracle.Read(path, TimestampPrecision.Microsecond);
        Assert.Null(libpcap.ReadError);
        Assert.Equal([60u, 61u, 100_000u], libpcap.Packets.Select(p => p.CaptureLength));
        Assert.Equal([2L, 3L, 4L], libpcap.Packets.Select(p => p.Fraction));
        Assert.Throws<ObjectDisposedException>(() => writer.Write(4, 0, 0, []));
    }

    [Fact]
    public void DisposeClosesTheStreamUnlessLeftOpen()
    {
        var stream = new MemoryStream();
        new PcapFileWriter(stream, new CaptureFileWriterOptions { LinkType = 1, SnapLength = 65535 }).Dispose();
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void PcapNgRefusesLinkTypesAbove16Bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PcapNgFileWriter(new MemoryStream(), new CaptureFileWriterOptions { LinkType = 0x10001, SnapLength = 65535 }));
    }

    [Fact]
    public void CopyOfAFileWhoseDltHasNoLinkTypeIsRefusedAsLibpcapDoes()
    {
        string path = Corpus.PathOf("libpcap-tests/linktype-reserved-field-not-zero.pcap");
        using PcapFileReader reader = PcapFileReader.OpenFile(path);
        Assert.Equal(LibpcapOracle.Read(path, TimestampPrecision.Microsecond).DataLink, reader.DataLink);
        NotSupportedException refusal = Assert.Throws<NotSupportedException>(() => CaptureFileWriterOptions.ForCopyOf(reader));
        Assert.Contains("isn't supported in savefiles", refusal.Message);
    }

    [Theory]
    [InlineData(CaptureFileFormat.Pcap)]
    [InlineData(CaptureFileFormat.PcapNg)]
    public async Task WritesToAPipeThatTcpdumpReads(CaptureFileFormat format)
    {
        // Our output as tcpdump's standard input, as `zcap -w - | tcpdump -r -` would run.
        string source = Corpus.PathOf("tcpdump-tests/dcb_ets.pcap");
        var start = new ProcessStartInfo("tcpdump", "-r - -tt -nn -x") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process tcpdump = Process.Start(start)!;
        Task<string> printed = tcpdump.StandardOutput.ReadToEndAsync();
        Task<string> errors = tcpdump.StandardError.ReadToEndAsync();
        using (PcapFileReader reader = PcapFileReader.OpenFile(source))
        using (ICaptureFileWriter writer = CaptureFileWriter.Create(tcpdump.StandardInput.BaseStream, format, CaptureFileWriterOptions.ForCopyOf(reader)))
        {
            while (reader.TryRead(out PcapRecord record))
            {
                writer.Write(record);
            }
        }

        await tcpdump.WaitForExitAsync();
        Assert.True(tcpdump.ExitCode == 0, await errors);
        string expected = ToolRunner.TcpdumpPrint(source, TimestampPrecision.Microsecond);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await printed);
    }

    public void Dispose() => _scratch.Dispose();
}
