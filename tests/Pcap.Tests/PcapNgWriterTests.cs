using System.Globalization;

namespace Probe.Pcap.Tests;

/// <summary>
/// The pcapng writer: each corpus file rewritten as pcapng (microsecond and nanosecond) reads back in libpcap with the
/// same link type, snapshot length, packets and (normalised) time stamps; tcpdump prints it as it prints tcpdump's own
/// pcap copy; tshark reads it too.
/// </summary>
public sealed class PcapNgWriterTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public static TheoryData<string> CorpusFiles => Corpus.Names();

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void RewrittenAsPcapNgReadsBackInLibpcapAndTcpdump(string name)
    {
        string source = Corpus.PathOf(name);
        foreach (TimestampPrecision precision in new[] { TimestampPrecision.Microsecond, TimestampPrecision.Nanosecond })
        {
            List<(long Seconds, ulong Fraction, uint WireLength, byte[] Data)> written = [];
            string? output = WritePcapNg(source, precision, written, out PcapFileReader? header);
            if (output is null)
            {
                continue; // not readable, or no savefile link type: the pcap writer tests cover the refusal
            }

            CaptureContents readBack = LibpcapOracle.Read(output, precision);
            Assert.True(readBack.Opened, $"{name}: libpcap refuses our pcapng: {readBack.OpenError}");
            Assert.Null(readBack.ReadError);
            Assert.Equal(header!.DataLink, readBack.DataLink);
            Assert.Equal(header.SnapLength, readBack.SnapLength);
            Assert.Equal(written.Count, readBack.Packets.Count);

            ulong unit = precision == TimestampPrecision.Nanosecond ? 1_000_000_000UL : 1_000_000UL;
            bool printable = true;
            for (int i = 0; i < written.Count; i++)
            {
                (long seconds, ulong fraction, uint wireLength, byte[] data) = written[i];
                CapturedPacket packet = readBack.Packets[i];

                // One 64-bit tick count: the fraction carries into the seconds; computed here in 128 bits, then
                // wrapped to 64 as the file stores it.
                ulong ticks = (ulong)((((UInt128)(ulong)seconds * unit) + fraction) & ulong.MaxValue);
                Assert.Equal((long)(ticks / unit), packet.Seconds);
                Assert.Equal((long)(ticks % unit), packet.Fraction);
                Assert.Equal(wireLength, packet.WireLength);
                Assert.Equal(data, packet.Data);
                printable &= fraction < unit && seconds is >= 0 and <= int.MaxValue;
            }

            if (printable)
            {
                // Where the pcap copy has nothing pcapng normalises away, tcpdump prints both the same.
                ToolRunner.Result tcpdumpCopy = ToolRunner.TcpdumpCopy(source, precision);
                string copyPath = _scratch.File($"{Path.GetFileName(source)}.{precision}.pcap", tcpdumpCopy.Output);
                Assert.Equal(ToolRunner.TcpdumpPrint(copyPath, precision), ToolRunner.TcpdumpPrint(output, precision));
            }
        }
    }

    [Theory]
    [InlineData("tcpdump-tests/dns_tcp.pcap")]
    [InlineData("tcpdump-tests/tcp-handshake-nano.pcap")]
    [InlineData("zeek-traces/vlan-pcp-dei.pcapng")]
    public void TsharkReadsBothFormatsAtBothPrecisions(string name)
    {
        string source = Corpus.PathOf(name);
        foreach (CaptureFileFormat format in new[] { CaptureFileFormat.Pcap, CaptureFileFormat.PcapNg })
        {
            foreach (TimestampPrecision precision in new[] { TimestampPrecision.Microsecond, TimestampPrecision.Nanosecond })
            {
                var expected = new List<string>();
                string output = _scratch.PathOf($"{Path.GetFileName(name)}.{format}.{precision}");
                using (PcapFileReader reader = PcapFileReader.OpenFile(source))
                using (ICaptureFileWriter writer = CaptureFileWriter.Create(File.Create(output), format, CaptureFileWriterOptions.ForCopyOf(reader, precision)))
                {
                    while (reader.TryRead(out PcapRecord record))
                    {
                        writer.Write(record);
                        ulong fraction = precision == TimestampPrecision.Nanosecond ? record.Nanoseconds : record.Microseconds * 1000;
                        expected.Add(string.Create(CultureInfo.InvariantCulture, $"{record.Seconds}.{fraction:D9}\t{record.CaptureLength}\t{record.WireLength}"));
                    }
                }

                ToolRunner.Result tshark = ToolRunner.Run("tshark", "-r", output, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len");
                Assert.True(tshark.ExitCode == 0, $"tshark failed on our {format} ({precision}) file: {tshark.Error}");
                Assert.Equal(expected, tshark.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    public void Dispose() => _scratch.Dispose();

    private string? WritePcapNg(string source, TimestampPrecision precision, List<(long, ulong, uint, byte[])> written, out PcapFileReader? header)
    {
        header = null;
        PcapFileReader reader;
        try
        {
            reader = PcapFileReader.OpenFile(source);
        }
        catch (PcapFormatException)
        {
            return null;
        }

        using (reader)
        {
            CaptureFileWriterOptions options;
            try
            {
                options = CaptureFileWriterOptions.ForCopyOf(reader, precision);
            }
            catch (NotSupportedException)
            {
                return null;
            }

            string output = _scratch.PathOf($"{Path.GetFileName(source)}.{precision}.pcapng");
            using (var writer = new PcapNgFileWriter(File.Create(output), options))
            {
                try
                {
                    while (reader.TryRead(out PcapRecord record))
                    {
                        writer.Write(record);
                        ulong fraction = precision == TimestampPrecision.Nanosecond ? record.Nanoseconds : record.Microseconds;
                        written.Add((record.Seconds, fraction, record.WireLength, record.Data.ToArray()));
                    }
                }
                catch (PcapFormatException)
                {
                    // The records before a fault are written, as for pcap.
                }
            }

            header = reader;
            return output;
        }
    }
}
