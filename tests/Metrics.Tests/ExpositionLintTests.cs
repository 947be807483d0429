namespace Probe.Metrics.Tests;

/// <summary>The endpoint's output passes promtool's format and naming checks while traffic flows.</summary>
[Collection(LiveStackCollection.Name)]
public sealed class ExpositionLintTests(LiveStack stack)
{
    [Fact]
    public async Task Promtool_check_metrics_passes_on_the_endpoint_while_traffic_flows()
    {
        Exposition before = await stack.Appliance.ScrapeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        string text = await stack.Appliance.ScrapeTextAsync();
        Exposition after = Exposition.Parse(text);

        (string, string)[] live = [("device", LiveAppliance.LivePort), ("queue", "0")];
        Assert.True(after.Value("probe_rx_packets_total", live) > before.Value("probe_rx_packets_total", live),
            "no traffic arrived on the live port between two scrapes");
        // promtool accepts an empty input; make sure it judges the real thing.
        Assert.Contains("probe_bpf_captured_packets_total", after.Types.Keys);

        Tool.Result promtool = Tool.Run("promtool", ["check", "metrics"], input: text);
        Assert.True(promtool.ExitCode == 0 && promtool.Output.Length == 0 && promtool.Error.Length == 0,
            $"{promtool}\nscrape:\n{text}");
    }

    [Fact]
    public async Task Promtool_would_catch_a_naming_problem_in_the_same_output()
    {
        // The oracle is not blind: the endpoint's own text with one gauge given a counter's suffix fails the lint.
        string text = (await stack.Appliance.ScrapeTextAsync()).Replace("probe_hugepages_free", "probe_hugepages_free_total");

        Tool.Result promtool = Tool.Run("promtool", ["check", "metrics"], input: text);

        Assert.Equal(3, promtool.ExitCode);
        Assert.Contains("probe_hugepages_free_total non-counter metrics should not have \"_total\" suffix", promtool.Output + promtool.Error);
    }
}
