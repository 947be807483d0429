namespace Probe.Pcap.Tests;

/// <summary>
/// The acceptance check: copying a file with <see cref="PcapFileReader"/> + <see cref="PcapFileWriter"/> gives
/// the same file as `tcpdump -r F -w B` (records before a mid-file fault included), and tcpdump prints both alike.
/// </summary>
internal static class TcpdumpCopyAssert
{
    /// <summary>Returns whether tcpdump produced a copy at all.</summary>
    public static bool SameAsTcpdump(string path, TempDirectory scratch)
    {
        bool copied = false;
        foreach (TimestampPrecision precision in new[] { TimestampPrecision.Microsecond, TimestampPrecision.Nanosecond })
        {
            ToolRunner.Result tcpdump = ToolRunner.TcpdumpCopy(path, precision);
            byte[]? ours = CopyWithProbe(path, precision, out string? refusal);
            if (tcpdump.Output.Length == 0)
            {
                // tcpdump refused to start (file not readable, or no savefile link type); so must we.
                Assert.True(ours is null, $"{path}: tcpdump wrote nothing ({tcpdump.Error.Trim()}), we wrote {ours?.Length} bytes");
                continue;
            }

            Assert.True(ours is not null, $"{path}: tcpdump copied the file, we refused: {refusal}");
            string name = Path.GetFileName(path);
            string expectedPath = scratch.File($"{name}.{precision}.tcpdump.pcap", tcpdump.Output);
            string actualPath = scratch.File($"{name}.{precision}.probe.pcap", ours);

            Assert.True(tcpdump.Output.AsSpan().SequenceEqual(ours),
                $"{path} ({precision}): our copy ({ours.Length} bytes) differs from tcpdump's ({tcpdump.Output.Length} bytes) at byte {FirstDifference(tcpdump.Output, ours)}");
            // What the acceptance compares: tcpdump's text for both files, at the precision they were written with.
            Task<string> expectedText = Task.Run(() => ToolRunner.TcpdumpPrint(expectedPath, precision));
            string actualText = ToolRunner.TcpdumpPrint(actualPath, precision);
            Assert.Equal(expectedText.Result, actualText);

            copied = true;
        }

        return copied;
    }

    /// <summary>Copies with our reader and writer; null when the file cannot be opened or has no savefile link type.</summary>
    public static byte[]? CopyWithProbe(string path, TimestampPrecision precision, out string? refusal)
    {
        refusal = null;
        PcapFileReader reader;
        try
        {
            reader = PcapFileReader.OpenFile(path);
        }
        catch (PcapFormatException ex)
        {
            refusal = ex.Message;
            return null;
        }

        using (reader)
        {
            CaptureFileWriterOptions options;
            try
            {
                options = CaptureFileWriterOptions.ForCopyOf(reader, precision);
            }
            catch (NotSupportedException ex)
            {
                refusal = ex.Message;
                return null;
            }

            using var output = new MemoryStream();
            using (var writer = new PcapFileWriter(output, options, leaveOpen: true))
            {
                try
                {
                    while (reader.TryRead(out PcapRecord record))
                    {
                        writer.Write(record);
                    }
                }
                catch (PcapFormatException)
                {
                    // Like tcpdump: the packets before the fault are kept.
                }
            }

            return output.ToArray();
        }
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int i = 0; i < common; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return common;
    }
}
