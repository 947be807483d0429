using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Probe.Metrics.Tests.Container;

/// <summary>
/// The container image builds and runs here with podman: the appliance inside captures traffic on a veth pair
/// through host networking (a DPDK net_af_packet port) and serves metrics, with no capability beyond the three
/// that port needs; a consumer in a second container attaches through the shared control-socket volume. Compiled
/// only with PROBE_CONTAINER_TESTS=1 (minutes; installs apt packages): docker/README.md.
/// </summary>
public sealed partial class ContainerCaptureTests(ApplianceImage image, ITestOutputHelper output) : IClassFixture<ApplianceImage>
{
    private const string Device = "net_af_packet0";
    private static readonly string[] Capabilities = ["NET_RAW", "NET_ADMIN", "IPC_LOCK"];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static string Config(VethPair lab, int metricsPort) => $"""
        metrics_listen: 127.0.0.1:{metricsPort}
        status_interval_seconds: 0
        ports:
          - name: veth
            type: dpdk
            device: {Device}
            # The ring sizes that lose nothing on a veth (machine notes: the default ring silently drops).
            vdev: "{Device},iface={lab.CaptureInterface},framecnt=8192,blocksz=4096,framesz=2048"
            idle: backoff
        recorders:
          - name: all
            port: veth
            path: /var/lib/probe-appliance/capture/all.pcap
        """;

    [Fact]
    public async Task The_appliance_in_a_container_captures_a_veth_pair_on_host_networking_and_serves_metrics()
    {
        output.WriteLine("image: " + string.Join("; ", image.Timings));
        using var lab = new VethPair("ct");
        int port = FreeTcpPort.Next();
        using var container = new ApplianceContainer(image, Config(lab, port), Capabilities);
        Assert.True(container.WaitForLog("appliance: running:", TimeSpan.FromSeconds(60)), container.Logs);

        // Least privilege, as the runtime applied it, and the volumes other containers share.
        Assert.Equal("[CAP_IPC_LOCK CAP_NET_ADMIN CAP_NET_RAW]", container.Inspect("{{.EffectiveCaps}}"));
        Assert.Equal("false", container.Inspect("{{.HostConfig.Privileged}}"));
        string mounts = container.Inspect("{{range .Mounts}}{{.Source}}->{{.Destination}} {{end}}");
        Assert.Contains("/dev/hugepages->/dev/hugepages", mounts);
        Assert.Contains($"{container.ControlVolume}->/run/probe-appliance",
            container.Inspect("{{range .Mounts}}{{.Name}}->{{.Destination}} {{end}}"));

        string pcap = Path.Combine(container.StateDirectory, "..", "send.pcap");
        Tool.Check("dotnet", [Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "generate", "--packets", "5000", "--mix", "imix", pcap],
            TimeSpan.FromSeconds(60));
        long sent = lab.Send(pcap, packetsPerSecond: 20_000);
        Assert.Equal(5000, sent);

        // The endpoint, served from inside the container, counts every packet once the replay is over.
        var metrics = new Uri($"http://127.0.0.1:{port}/metrics");
        string text = "";
        Exposition scrape = Exposition.Parse("");
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            text = await Http.GetStringAsync(metrics);
            scrape = Exposition.Parse(text);
            if (scrape.Value("probe_rx_packets_total", ("device", Device), ("queue", "0")) >= sent
                && scrape.Value("probe_recorder_written_packets_total", ("recorder", "all")) >= sent)
                break;
            await Task.Delay(250);
        }
        Assert.Equal(sent, scrape.Value("probe_rx_packets_total", ("device", Device), ("queue", "0")));
        Assert.Equal(sent, scrape.Value("probe_bpf_captured_packets_total", ("device", Device)));
        Assert.Equal(0, scrape.Family("probe_rx_dropped_packets_total").Sum(s => s.Value));
        Assert.Equal(1, scrape.Value("probe_rx_hugepage_backed", ("device", Device), ("queue", "0")));
        Tool.Result promtool = Tool.Run("promtool", ["check", "metrics"], input: text);
        Assert.True(promtool.ExitCode == 0, promtool.ToString());

        // A consumer in another container reaches the appliance through the shared volume alone: `appliance stat`
        // over the control socket, with no network and no capability, sees the recorder's descriptor.
        Tool.Result stat = Podman.Run(["run", "--rm", "--network", "none", "--cap-drop", "all",
            "-v", $"{container.ControlVolume}:/run/probe-appliance", image.Image, "stat"]);
        Assert.True(stat.ExitCode == 0, stat.ToString());
        string[] row = Assert.Single(stat.Output.Split('\n'), l => l.Contains(Device, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((Device, "0", sent.ToString(CultureInfo.InvariantCulture), "recorder/all"), (row[1], row[2], row[4], row[^1]));

        // SIGTERM stops it cleanly; the recording on the host volume holds every packet (tcpdump counts).
        Assert.Equal(0, container.Stop());
        Tool.Result count = Tool.Run("tcpdump", ["--count", "-r", Path.Combine(container.StateDirectory, "capture", "all.pcap")]);
        Assert.Equal($"{sent} packets", PacketCount().Match(count.Output).Value);
        output.WriteLine(container.Logs);
    }

    [Theory]
    [InlineData("NET_RAW", "Could not open AF_PACKET socket")]
    [InlineData("NET_ADMIN", "enabling promiscuous mode failed: Operation not permitted")]
    [InlineData("IPC_LOCK", "call to mmap failed on AF_PACKET socket")]
    public void Without_any_one_of_the_three_capabilities_a_dpdk_af_packet_port_cannot_start(string dropped, string message)
    {
        using var lab = new VethPair("ct");
        using var container = new ApplianceContainer(image, Config(lab, FreeTcpPort.Next()), Capabilities.Where(c => c != dropped));

        int exit = container.WaitForExit(TimeSpan.FromSeconds(90));

        string logs = container.Logs;
        Assert.True(exit != 0, $"exit 0 without {dropped}:\n{logs}");
        Assert.Contains(message, logs);
        Assert.DoesNotContain("appliance: running:", logs);
    }

    [GeneratedRegex(@"^\d+ packets", RegexOptions.Multiline)]
    private static partial Regex PacketCount();
}
