namespace Probe.Capture.Tests;

public class CommandLineTests
{
    [Fact]
    public void An_unknown_option_prints_the_usage_and_exits_1()
    {
        Tool.Result r = Tool.Zcap("-Z");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("zcap: invalid option -- 'Z'\nUsage: zcap ", r.Stderr);
    }

    [Fact]
    public void Options_combine_and_take_attached_values_as_getopt_does()
    {
        ZcapOptions o = ZcapArgumentParser.Parse(["-nr", "in.pcap", "-c10", "-w", "-", "-s", "96", "udp", "and", "port", "53"]);
        Assert.Equal(new ZcapOptions { ReadFile = "in.pcap", Count = 10, WriteFile = "-", SnapLength = 96, Expression = "udp and port 53" }, o);
        Assert.Equal(3, ZcapArgumentParser.Parse(["-ddd", "ip"]).DumpLevel);
        Assert.Equal("-c", ZcapArgumentParser.Parse(["--", "-c"]).Expression);
    }

    [Fact]
    public void Writing_to_standard_output_feeds_a_pipe_that_tshark_reads()
    {
        string input = Corpus.Full("tcpdump-tests/dns_udp.pcap");
        string zcap = Path.Combine(AppContext.BaseDirectory, "zcap.dll");
        Tool.Result piped = Tool.Run("sh", "-c", $"dotnet '{zcap}' -r '{input}' -w - 2>/dev/null | tshark -r - -T fields -e frame.len -e udp.dstport");
        Tool.Result direct = Tool.Run("tshark", "-r", input, "-T", "fields", "-e", "frame.len", "-e", "udp.dstport");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal(direct.Stdout, piped.Stdout);
        Assert.NotEmpty(direct.Stdout);
    }

    [Fact]
    public void Counts_are_printed_as_tcpdump_prints_them()
    {
        string output = Path.Combine(Directory.CreateTempSubdirectory().FullName, "o.pcap");
        Tool.Result r = Tool.Zcap("-r", Corpus.Full("tcpdump-tests/dns_udp.pcap"), "-w", output);
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith("2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n", r.Stderr);
    }
}
