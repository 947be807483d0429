namespace Probe.Pcap.Tests;

/// <summary>
/// Reads a whole file with <see cref="PcapFileReader"/> into the oracle's model. pcap time fields are seen the way
/// libpcap 1.10.3 delivers them: its struct pcap_timeval holds them as signed 32-bit ints, sign-extended into
/// struct timeval when the file is in host byte order (a byte-swapped file's fields pass through SWAPLONG, which
/// yields unsigned values), while <see cref="PcapRecord"/> keeps them unsigned (pcap seconds run to 2106). The
/// mapping below is that sign extension and nothing else.
/// </summary>
internal static class ProbeReaderHarness
{
    public static CaptureContents Read(string path, TimestampPrecision precision, Func<Stream, Stream>? wrap = null)
    {
        Stream stream = File.OpenRead(path);
        if (wrap is not null)
        {
            stream = wrap(stream);
        }

        PcapFileReader reader;
        try
        {
            reader = PcapFileReader.Open(stream, path);
        }
        catch (PcapFormatException ex)
        {
            stream.Dispose();
            Assert.Equal(path, ex.FileName);
            Assert.StartsWith($"{path}: offset {ex.Offset}: ", ex.Message);
            return new CaptureContents { OpenError = ex.Reason };
        }

        using (reader)
        {
            var contents = new CaptureContents { DataLink = reader.DataLink, SnapLength = reader.SnapLength };
            try
            {
                while (reader.TryRead(out PcapRecord record))
                {
                    Assert.Equal(record.CaptureLength, record.Data.Length);
                    contents.Packets.Add(new CapturedPacket(
                        AsLibpcapSeconds(reader, record),
                        AsLibpcapFraction(reader, record, precision),
                        (uint)record.CaptureLength,
                        record.WireLength,
                        record.Data.ToArray()));
                }
            }
            catch (PcapFormatException ex)
            {
                Assert.Equal(path, ex.FileName);
                contents.ReadError = ex.Reason;
            }

            return contents;
        }
    }

    public static long AsLibpcapSeconds(PcapFileReader reader, in PcapRecord record)
    {
        if (reader.Format == CaptureFileFormat.PcapNg)
        {
            return record.Seconds;
        }

        Assert.InRange(record.Seconds, 0, uint.MaxValue);
        return reader.IsSwapped ? record.Seconds : unchecked((int)(uint)record.Seconds);
    }

    public static long AsLibpcapFraction(PcapFileReader reader, in PcapRecord record, TimestampPrecision precision)
    {
        bool nano = precision == TimestampPrecision.Nanosecond;
        ulong value = nano ? record.Nanoseconds : record.Microseconds;
        if (reader.Format == CaptureFileFormat.PcapNg)
        {
            return unchecked((long)value);
        }

        if (reader.IsNanosecond)
        {
            // Nanosecond file: the raw field, or the raw field (signed) divided by 1000, which the record already is.
            return nano ? SignExtendUnlessSwapped(reader, value) : unchecked((long)value);
        }

        // Microsecond file: the raw field (signed), times 1000 at nanosecond precision.
        Assert.Equal(0UL, record.Nanoseconds % 1000);
        Assert.Equal(record.Microseconds, record.Nanoseconds / 1000);
        long raw = SignExtendUnlessSwapped(reader, record.Microseconds);
        return nano ? raw * 1000 : raw;
    }

    private static long SignExtendUnlessSwapped(PcapFileReader reader, ulong value) =>
        reader.IsSwapped ? (long)(uint)value : unchecked((int)(uint)value);
}
