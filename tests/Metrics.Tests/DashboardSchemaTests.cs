using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>
/// The dashboard JSON is valid for the Grafana schema version it declares, as @grafana/schema's types describe it;
/// and the checker rejects what Grafana would not understand (so its "ok" means something).
/// </summary>
public sealed partial class DashboardSchemaTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _text = File.ReadAllText(GrafanaDashboard.DefaultPath);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_dashboard_is_valid_for_the_schema_version_it_declares()
    {
        Tool.Result check = await GrafanaSchemaChecker.CheckAsync(GrafanaDashboard.DefaultPath);

        Assert.True(check.ExitCode == 0, check.ToString());
        Match ok = Ok().Match(check.Output);
        Assert.True(ok.Success, check.ToString());
        int declared = GrafanaDashboard.Load(GrafanaDashboard.DefaultPath).Root.GetProperty("schemaVersion").GetInt32();
        Assert.Equal(declared.ToString(), ok.Groups[1].Value);
    }

    [Theory]
    [InlineData("\"showLegend\": true", "\"showLegnd\": true", "'\"showLegnd\"' does not exist")]
    [InlineData("\"drawStyle\": \"line\"", "\"drawStyle\": \"lines\"", "Type '\"lines\"' is not assignable")]
    [InlineData("\"textMode\": \"auto\"", "\"textMode\": \"automatic\"", "Type '\"automatic\"' is not assignable")]
    [InlineData("\"refId\": \"A\"", "\"refID\": \"A\"", "'\"refID\"' does not exist")]
    public async Task A_panel_that_grafana_would_not_understand_is_rejected_at_its_line(string good, string bad, string message)
    {
        int at = _text.IndexOf(good, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the dashboard has no {good}");
        int line = _text[..at].Count(c => c == '\n') + 1;
        string path = _dir.Write("dashboard.json", _text[..at] + bad + _text[(at + good.Length)..]);

        Tool.Result check = await GrafanaSchemaChecker.CheckAsync(path);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains($"{path}:{line}:", check.Error);
        Assert.Contains(message, check.Error);
    }

    [Fact]
    public async Task A_schema_version_other_than_the_one_the_package_describes_is_rejected()
    {
        string path = _dir.Write("dashboard.json", Regex.Replace(_text, "\"schemaVersion\": \\d+", "\"schemaVersion\": 36"));

        Tool.Result check = await GrafanaSchemaChecker.CheckAsync(path);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("schemaVersion 36 is not", check.Error);
    }

    [Fact]
    public async Task A_query_using_an_undeclared_variable_is_rejected()
    {
        string path = _dir.Write("dashboard.json", _text.Replace("device=~\\\"$device\\\"", "device=~\\\"$devices\\\""));

        Tool.Result check = await GrafanaSchemaChecker.CheckAsync(path);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("uses $devices, which templating does not declare", check.Error);
    }

    [GeneratedRegex(@"^ok: .*schemaVersion (\d+)")]
    private static partial Regex Ok();
}
