using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>The alerting rules fire when, and only when, their unit tests say (promtool's rule test runner).</summary>
public sealed class RuleTests
{
    [Fact]
    public void Promtool_rule_unit_tests_pass()
    {
        string tests = Path.Combine(RepoPaths.Root, "tests", "Metrics.Tests", "rules", "probe-appliance.test.yml");

        Tool.Result result = Tool.Run("promtool", ["test", "rules", tests]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Output);
    }
}
