using Probe.Capture.Tests;

namespace Probe.Ingest.Tests;

/// <summary>
/// The same conformance scenarios for a consumer written in C (native/client's pzc_capture) and one in C# (zcap):
/// both must capture exactly the filter's selection, loan or borrow buffers, stop at -c, and refuse what libpcap
/// refuses with libpcap's words.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Consumers() => ["zcap", "pzc_capture"];

    private static Tool.Result Consume(string consumer, LiveAppliance appliance, params string[] args) => consumer == "zcap"
        ? appliance.Zcap(args)
        : Tool.Run(Path.Combine(RepoPaths.Root, "native", "build", "pzc_capture"), ["-s", appliance.SocketPath, .. args]);

    [Theory]
    [MemberData(nameof(Consumers))]
    public void Captures_exactly_the_filter_selection(string consumer)
    {
        using var appliance = new LiveAppliance(frames: 10_000, ratePps: 20_000, waitForConsumers: 1);
        const string filter = "udp and not port 53";
        int expected = PacketCount.Selected(appliance.Source, filter);
        string output = Path.Combine(appliance.Directory, "out.pcap");
        Tool.Result r = Consume(consumer, appliance, "-i", "demo0", "-w", output, "-c", expected.ToString(), filter);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"{expected} packets captured", r.Stderr);
        Assert.Contains("0 packets dropped by kernel", r.Stderr);
        Assert.Equal(Tool.Run("tcpdump", "-r", appliance.Source, "-t", "-nn", "-x", filter).Stdout,
            Tool.Run("tcpdump", "-r", output, "-t", "-nn", "-x").Stdout);
    }

    [Theory]
    [MemberData(nameof(Consumers))]
    public void Refuses_a_bad_expression_with_libpcap_words_and_exit_1(string consumer)
    {
        using var appliance = new LiveAppliance(frames: 100, ratePps: 100);
        Tool.Result r = Consume(consumer, appliance, "-i", "demo0", "-w", Path.Combine(appliance.Directory, "x.pcap"), "tcp", "port");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(": can't parse filter expression: syntax error", r.Stderr);
    }

    [Theory]
    [MemberData(nameof(Consumers))]
    public void Refuses_an_unknown_interface(string consumer)
    {
        using var appliance = new LiveAppliance(frames: 100, ratePps: 100);
        Tool.Result r = Consume(consumer, appliance, "-i", "eth9", "-w", Path.Combine(appliance.Directory, "x.pcap"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no interface 'eth9' (interfaces: demo0)", r.Stderr);
    }
}
