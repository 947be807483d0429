namespace Probe.Pcap.Tests;

/// <summary>Asserts that <see cref="PcapFileReader"/> and libpcap make the same of a file, at both precisions.</summary>
internal static class DifferentialAssert
{
    /// <summary>Returns libpcap's nanosecond view of the file, for callers that check more.</summary>
    public static CaptureContents SameAsLibpcap(string path, Func<Stream, Stream>? wrap = null)
    {
        CaptureContents nano = null!;
        foreach (TimestampPrecision precision in new[] { TimestampPrecision.Microsecond, TimestampPrecision.Nanosecond })
        {
            CaptureContents expected = LibpcapOracle.Read(path, precision);
            CaptureContents actual = ProbeReaderHarness.Read(path, precision, wrap);
            Same(path, precision, expected, actual);
            nano = expected;
        }

        return nano;
    }

    public static void Same(string path, TimestampPrecision precision, CaptureContents expected, CaptureContents actual)
    {
        string what = $"{path} ({precision})";
        Assert.True(expected.OpenError == actual.OpenError, $"{what}: open verdict: libpcap \"{expected.OpenError}\", ours \"{actual.OpenError}\"");
        if (!expected.Opened)
        {
            return;
        }

        Assert.True(expected.DataLink == actual.DataLink, $"{what}: DLT libpcap {expected.DataLink}, ours {actual.DataLink}");
        Assert.True(expected.SnapLength == actual.SnapLength, $"{what}: snapshot libpcap {expected.SnapLength}, ours {actual.SnapLength}");
        int common = Math.Min(expected.Packets.Count, actual.Packets.Count);
        for (int i = 0; i < common; i++)
        {
            CapturedPacket e = expected.Packets[i];
            CapturedPacket a = actual.Packets[i];
            Assert.True(e.Seconds == a.Seconds && e.Fraction == a.Fraction,
                $"{what}: packet {i + 1} time libpcap {e.Seconds}.{e.Fraction}, ours {a.Seconds}.{a.Fraction}");
            Assert.True(e.CaptureLength == a.CaptureLength && e.WireLength == a.WireLength,
                $"{what}: packet {i + 1} lengths libpcap {e.CaptureLength}/{e.WireLength}, ours {a.CaptureLength}/{a.WireLength}");
            Assert.True(e.Data.AsSpan().SequenceEqual(a.Data), $"{what}: packet {i + 1} bytes differ");
        }

        Assert.True(expected.Packets.Count == actual.Packets.Count,
            $"{what}: libpcap read {expected.Packets.Count} packets, ours {actual.Packets.Count}");
        Assert.True(expected.ReadError == actual.ReadError, $"{what}: read fault: libpcap \"{expected.ReadError}\", ours \"{actual.ReadError}\"");
    }
}
