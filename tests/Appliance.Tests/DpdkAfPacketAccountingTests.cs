using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Probe.Ingest.Tests;

/// <summary>
/// The appliance on DPDK's net_af_packet driver, on the capture side of a veth pair, with generated traffic sent
/// from the peer in a network namespace: every frame sent is either received by the port (and reaches every
/// descriptor) or counted as dropped somewhere, and a recorder with a filter writes exactly what tcpdump's filter
/// selects from the sent file.
/// </summary>
public sealed partial class DpdkAfPacketAccountingTests : IDisposable
{
    private const int Frames = 20000;
    private const string Filter = "tcp dst port 80 or udp port 53";

    private readonly TempDirectory _dir = new();
    private readonly string _lab = $"ap{Environment.ProcessId % 100000}";

    public DpdkAfPacketAccountingTests() => Tool.Run(Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh"), "up", _lab, "1");

    public void Dispose()
    {
        Tool.Run(Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh"), "down", _lab);
        _dir.Dispose();
    }

    [Fact]
    public void Sent_equals_captured_plus_counted_drops_and_the_filtered_recorder_holds_tcpdumps_selection()
    {
        string sent = _dir.File("sent.pcap"), all = _dir.File("all.pcap"), selected = _dir.File("selected.pcap");
        Tool.Run("dotnet", Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "generate", "--packets", Frames.ToString(), "--mix", "imix", sent);
        string config = _dir.Write("appliance.yaml", $"""
            metrics_listen: ""
            control_socket: ""
            dpdk:
              eal_args: ["-l", "0-1", "--log-level=*:warning"]
            ports:
              - name: p0
                type: dpdk
                device: net_af_packet0
                vdev: "net_af_packet0,iface={_lab}-c,framecnt=8192,blocksz=4096,framesz=2048"
                idle: backoff
            recorders:
              - name: all
                port: p0
                path: {all}
                read_timeout_ms: 50
              - name: web
                port: p0
                path: {selected}
                filter: "{Filter}"
                read_timeout_ms: 50
            """);
        using var appliance = ApplianceProcess.Start(config);
        Assert.True(appliance.WaitUntilRunning(TimeSpan.FromSeconds(30)), appliance.Stderr);

        // 20,000 frames/s: well inside what the veth and the 8192-frame ring take, so a drop here is a defect,
        // and any drop that does happen must still be counted.
        string sendReport = Tool.Run("ip", "netns", "exec", _lab, Path.Combine(RepoPaths.Root, "native", "build", "probe-send"),
            "-q", "-i", $"{_lab}-s", "-r", sent, "-p", "20000");
        ulong sentFrames = ulong.Parse(SentCount().Match(sendReport).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal((ulong)Frames, sentFrames);
        var clock = Stopwatch.StartNew();
        while (!appliance.Stderr.Contains($"written {Frames} ") && clock.Elapsed < TimeSpan.FromSeconds(15))
            Thread.Sleep(100); // a status line every 5 s
        appliance.Interrupt();
        Assert.Equal(0, appliance.WaitForExit(TimeSpan.FromSeconds(30)));

        // The last status lines (printed after the stop) hold the final counters.
        Match port = PortLine().Matches(appliance.Stderr).Last();
        ulong received = Counter(port, "ipackets"), portDrops = Counter(port, "imissed") + Counter(port, "rx_nombuf") + Counter(port, "ierrors");
        Match allLine = RecorderLine("all").Matches(appliance.Stderr).Last(), webLine = RecorderLine("web").Matches(appliance.Stderr).Last();
        string counters = $"port: {port.Value}\nall: {allLine.Value}\nweb: {webLine.Value}";
        foreach (Match descriptor in new[] { allLine, webLine })
        {
            Assert.True(Counter(descriptor, "received") == received, $"every frame the port received reaches every descriptor\n{counters}");
            Assert.True(Counter(descriptor, "matched") == Counter(descriptor, "captured") + Counter(descriptor, "dropped"), counters);
            Assert.True(Counter(descriptor, "written") == Counter(descriptor, "captured"), counters);
        }
        Assert.True(sentFrames == received + portDrops, $"sent {sentFrames} = received + port drops\n{counters}");
        Assert.True(sentFrames == Counter(allLine, "captured") + Counter(allLine, "dropped") + portDrops,
            $"sent {sentFrames} = captured + every counted drop\n{counters}");
        Assert.True(portDrops == 0 && Counter(allLine, "dropped") == 0 && Counter(webLine, "dropped") == 0,
            $"no drops at 20,000 frames/s\n{counters}");

        // Nothing lost, so the recorders hold the sent file itself and tcpdump's selection of it, in order.
        string expected = _dir.File("expected.pcap");
        Tool.Run("tcpdump", "-r", sent, "-w", expected, Filter);
        Assert.Equal(Tool.Run("tcpdump", "-r", sent, "-t", "-nn", "-x"), Tool.Run("tcpdump", "-r", all, "-t", "-nn", "-x"));
        string want = Tool.Run("tcpdump", "-r", expected, "-t", "-nn", "-x");
        Assert.NotEqual("", want); // the filter selects part of the mix
        Assert.Equal(want, Tool.Run("tcpdump", "-r", selected, "-t", "-nn", "-x"));
    }

    private static ulong Counter(Match line, string name) =>
        ulong.Parse(Regex.Match(line.Value, $@"\b{name} (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static Regex RecorderLine(string recorder) =>
        new($@"appliance: {recorder}\S*: received \d+ matched \d+ captured \d+ dropped \d+ written \d+");

    [GeneratedRegex(@"sent=(\d+)")]
    private static partial Regex SentCount();

    [GeneratedRegex(@"appliance: port p0: ipackets \d+ imissed \d+ rx_nombuf \d+ ierrors \d+")]
    private static partial Regex PortLine();
}
