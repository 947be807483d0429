namespace Probe.Capture.Tests;

/// <summary>
/// For every corpus file tcpdump can read, `zcap -r F -w A [opts]` and `tcpdump -r F -w B [opts]` produce files that
/// `tcpdump -r X -tt -nn -x` prints identically (same packets, timestamps, lengths, bytes), and the same file header
/// (link type, snapshot length), and zcap opens with tcpdump's "reading from file" line. A file tcpdump refuses, zcap refuses too, with a non-zero exit.
/// </summary>
public class OfflineEquivalenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Corpus.CaptureFiles())
            foreach (string variant in new[] { "", "-s 96", "-c 10", "--time-stamp-precision=nano" })
                data.Add(Corpus.Relative(file), variant);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Zcap_writes_what_tcpdump_writes(string file, string variant)
    {
        string input = Corpus.Full(file);
        string[] options = variant.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string dir = Directory.CreateTempSubdirectory("zcap-eq").FullName;
        try
        {
            string expected = Path.Combine(dir, "tcpdump.pcap"), actual = Path.Combine(dir, "zcap.pcap");
            Tool.Result tcpdump = Tool.Run("tcpdump", ["-r", input, "-w", expected, .. options]);
            Tool.Result zcap = Tool.ZcapInProcess(["-r", input, "-w", actual, .. options]);
            if (tcpdump.ExitCode != 0 && !File.Exists(expected))
            {
                Assert.True(zcap.ExitCode != 0, $"tcpdump refuses {file} ({tcpdump.Stderr.Trim()}) but zcap accepted it");
                Assert.StartsWith("zcap: ", zcap.Stderr.Split('\n')[^2]);
                return;
            }
            Assert.True(zcap.ExitCode == tcpdump.ExitCode, $"exit {zcap.ExitCode} vs tcpdump's {tcpdump.ExitCode}: {zcap.Stderr}");
            // tcpdump's opening line, "reading from file F, link-type NAME (Description), snapshot length N".
            Assert.Equal(tcpdump.Stderr.Split('\n')[0], zcap.Stderr.Split('\n')[0]);

            string[] decode = variant.Contains("nano") ? ["--nano"] : [];
            Assert.Equal(Tool.Decode(expected, decode), Tool.Decode(actual, decode));
            Assert.Equal(Header(expected, decode), Header(actual, decode));
            Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>tcpdump's "reading from file" line without the file name: link type and snapshot length.</summary>
    private static string Header(string file, string[] extra) =>
        Tool.Run("tcpdump", ["-r", file, "-c", "1", .. extra]).Stderr.Replace(file, "FILE");
}
