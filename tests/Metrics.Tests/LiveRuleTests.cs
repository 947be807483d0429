using Probe.Ingest.Tests;
using YamlDotNet.RepresentationModel;

namespace Probe.Metrics.Tests;

/// <summary>The shipped alerting rules, loaded by the Prometheus that scrapes a running appliance, evaluate cleanly.</summary>
[Collection(LiveStackCollection.Name)]
public sealed class LiveRuleTests(LiveStack stack)
{
    [Fact]
    public async Task Every_alerting_rule_evaluates_without_error_on_the_appliance_series()
    {
        IReadOnlyList<(string Name, string Health, string LastError)> rules = [];
        await stack.WaitForAsync(async () =>
        {
            rules = await stack.Prometheus.RulesAsync();
            return rules.Count > 0 && rules.All(r => r.Health != "unknown");
        }, TimeSpan.FromSeconds(30), "evaluation of every rule");

        var shipped = YamlFile.Load(Path.Combine(RepoPaths.Root, "config", "prometheus", "rules", "probe-appliance.yml"));
        int declared = ((YamlSequenceNode)shipped.At("groups")).Children
            .Sum(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children.Count);
        Assert.Equal(declared, rules.Count);
        Assert.All(rules, r => Assert.True(r.Health == "ok", $"{r.Name}: {r.Health} {r.LastError}"));
    }
}
