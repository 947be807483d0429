namespace Probe.Capture.Tests;

/// <summary>zcap's filter options against tcpdump: -d/-dd/-ddd for every valid expression, libpcap's refusal for every invalid one.</summary>
public class FilterCommandLineTests
{
    private static IEnumerable<string> Lines(string file) =>
        File.ReadLines(Path.Combine(Corpus.Root, "filters", file)).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'));

    public static TheoryData<string> Valid() => [.. Lines("valid.txt")];

    public static TheoryData<string> Invalid() => [.. Lines("invalid.txt")];

    [Theory]
    [MemberData(nameof(Valid))]
    public void Dump_options_print_what_tcpdump_prints(string expression)
    {
        foreach (string d in new[] { "-d", "-dd", "-ddd" })
        {
            Tool.Result tcpdump = Tool.Run("tcpdump", d, "-y", "EN10MB", expression);
            Tool.Result zcap = Tool.Zcap(d, "-y", "EN10MB", expression);
            Assert.True(zcap.ExitCode == 0, zcap.Stderr);
            Assert.Equal(tcpdump.Stdout, zcap.Stdout);
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_expression_exits_non_zero_with_libpcap_message_and_writes_nothing(string expression)
    {
        string dir = Directory.CreateTempSubdirectory("zcap-bad-filter").FullName;
        try
        {
            string output = Path.Combine(dir, "out.pcap");
            string input = Corpus.Full("tcpdump-tests/dhcp-rfc4388.pcap");
            Tool.Result tcpdump = Tool.Run("tcpdump", "-r", input, "-w", Path.Combine(dir, "t.pcap"), expression);
            Tool.Result zcap = Tool.ZcapInProcess("-r", input, "-w", output, expression);
            Assert.NotEqual(0, zcap.ExitCode);
            string libpcap = tcpdump.Stderr.Split('\n').First(l => l.StartsWith("tcpdump: ", StringComparison.Ordinal))["tcpdump: ".Length..];
            Assert.Contains($"zcap: {libpcap}", zcap.Stderr);
            Assert.False(File.Exists(output), "no output file for a refused expression");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
