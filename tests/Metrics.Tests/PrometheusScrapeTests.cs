using System.Globalization;
using System.Text.RegularExpressions;

namespace Probe.Metrics.Tests;

/// <summary>
/// A real Prometheus server (Debian's package) scrapes the running appliance; what its HTTP API returns equals what
/// the appliance reports for the same descriptors.
/// </summary>
[Collection(LiveStackCollection.Name)]
public sealed partial class PrometheusScrapeTests(LiveStack stack)
{
    [Fact]
    public async Task Prometheus_returns_the_counters_appliance_stat_reports_for_each_descriptor()
    {
        // The descriptors whose traffic has ended (the replayed-once file, the burst sent to the AF_XDP port before
        // the stack settled): `appliance stat` and the scrapes Prometheus took since must agree to the packet.
        IReadOnlyList<DescriptorStatRow> rows = ApplianceStatReference.ReadDescriptorCounters(stack.Appliance.ControlSocket)
            .Where(r => r.Device != LiveAppliance.LivePort).ToList();
        Assert.Equal(new[] { LiveAppliance.FixedPort, stack.Appliance.XdpInterface }.Order(StringComparer.Ordinal),
            rows.Select(r => r.Device).Order(StringComparer.Ordinal));

        var mismatches = new List<string>();
        foreach (DescriptorStatRow row in rows)
            foreach ((string column, string metric, Func<DescriptorStatRow, double> value) in ApplianceStatReference.Columns)
            {
                string selector = $"{metric}{{job=\"{PrometheusServer.JobName}\",device=\"{row.Device}\",queue=\"{row.Queue}\",consumer=\"{row.Consumer}\"}}";
                PromSample stored = Assert.Single(await stack.Prometheus.QueryAsync(selector));
                PromSample scrapedAt = Assert.Single(await stack.Prometheus.QueryAsync($"timestamp({selector})"));
                Assert.True(scrapedAt.Value > stack.SettledAt, $"{selector}: Prometheus's last sample predates the settled counters");
                if (stored.Value != value(row))
                    mismatches.Add($"{row.Device}:{row.Queue} {row.Consumer} {column}: appliance stat {value(row)}, Prometheus {stored.Value}");
            }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Prometheus_and_appliance_stat_list_the_same_descriptors()
    {
        var fromStat = ApplianceStatReference.ReadDescriptorCounters(stack.Appliance.ControlSocket)
            .Select(r => $"{r.Device}:{r.Queue} {r.Consumer}").Order(StringComparer.Ordinal).ToList();
        var fromPrometheus = (await stack.Prometheus.QueryAsync($"probe_bpf_received_packets_total{{job=\"{PrometheusServer.JobName}\"}}"))
            .Select(s => $"{s.Labels["device"]}:{s.Labels["queue"]} {s.Labels["consumer"]}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(3, fromStat.Count);
        Assert.Equal(fromStat, fromPrometheus);
    }

    [Fact]
    public async Task The_stopped_port_counted_every_packet_of_its_file_in_Prometheus()
    {
        // tcpdump counts the file independently of the appliance.
        Tool.Result count = Tool.Run("tcpdump", ["--count", "-r", stack.Appliance.CaptureFile]);
        Assert.True(count.ExitCode == 0, count.ToString());
        double packets = double.Parse(PacketCount().Match(count.Output).Groups[1].Value, CultureInfo.InvariantCulture);

        string job = $"job=\"{PrometheusServer.JobName}\"";
        foreach (string selector in new[]
                 {
                     $"probe_rx_packets_total{{{job},device=\"{LiveAppliance.FixedPort}\"}}",
                     $"probe_bpf_received_packets_total{{{job},device=\"{LiveAppliance.FixedPort}\"}}",
                     $"probe_bpf_captured_packets_total{{{job},device=\"{LiveAppliance.FixedPort}\"}}",
                     $"probe_recorder_written_packets_total{{{job},recorder=\"fixedrec\"}}",
                 })
            Assert.Equal((selector, packets), (selector, Assert.Single(await stack.Prometheus.QueryAsync(selector)).Value));
        Assert.Equal(0, Assert.Single(await stack.Prometheus.QueryAsync(
            $"sum(probe_rx_dropped_packets_total{{{job},device=\"{LiveAppliance.FixedPort}\"}})")).Value);
    }

    [Fact]
    public async Task The_af_xdp_port_counted_the_burst_sent_to_it_in_copy_mode()
    {
        string queue = $"job=\"{PrometheusServer.JobName}\",device=\"{stack.Appliance.XdpInterface}\",queue=\"0\"";
        Assert.Equal(stack.Appliance.XdpSent, Assert.Single(await stack.Prometheus.QueryAsync($"probe_rx_packets_total{{{queue}}}")).Value);
        Assert.Equal(stack.Appliance.XdpSent, Assert.Single(await stack.Prometheus.QueryAsync(
            $"probe_bpf_captured_packets_total{{{queue}}}")).Value);
        // A veth has no zero-copy AF_XDP (zero_copy: prefer fell back to copy mode), and it takes native XDP.
        Assert.Equal(0, Assert.Single(await stack.Prometheus.QueryAsync($"probe_xdp_zerocopy{{{queue}}}")).Value);
        Assert.Equal("native", Assert.Single(await stack.Prometheus.QueryAsync($"probe_xdp_mode{{{queue}}}")).Labels["mode"]);
        Assert.Equal(0, Assert.Single(await stack.Prometheus.QueryAsync($"sum(probe_xdp_dropped_packets_total{{{queue}}})")).Value);
    }

    [Fact]
    public async Task Prometheus_sees_the_live_port_receive_at_its_configured_rate()
    {
        PromSample rate = Assert.Single(await stack.Prometheus.QueryAsync(
            $"rate(probe_rx_packets_total{{job=\"{PrometheusServer.JobName}\",device=\"{LiveAppliance.LivePort}\"}}[5s])"));
        // The replay paces itself to rate_pps; a loaded two-core machine may fall short, never far above.
        Assert.InRange(rate.Value, 0.25 * LiveAppliance.LiveRatePps, 1.25 * LiveAppliance.LiveRatePps);
    }

    [GeneratedRegex(@"^(\d+) packets", RegexOptions.Multiline)]
    private static partial Regex PacketCount();
}
