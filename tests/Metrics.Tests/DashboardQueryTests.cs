using System.Text.RegularExpressions;

namespace Probe.Metrics.Tests;

/// <summary>
/// Every PromQL expression of the dashboard, interpolated as Grafana would, returns data from a Prometheus that
/// scrapes a running appliance (replay ports, an AF_XDP port, recorders); and the dashboard and the appliance agree on
/// which metrics exist.
/// </summary>
[Collection(LiveStackCollection.Name)]
public sealed partial class DashboardQueryTests(LiveStack stack)
{
    private readonly GrafanaDashboard _dashboard = GrafanaDashboard.Load(GrafanaDashboard.DefaultPath);

    /// <summary>Grafana's $__rate_interval: four scrape intervals of the data source (here, this test's scrapes).</summary>
    private static string RateInterval => $"{(int)(4 * LiveStack.ScrapeInterval.TotalSeconds)}s";

    /// <summary>
    /// With every variable at its default ("All", the first appliance) each query returns data; and for every
    /// variable a query uses, some single value of it returns data too (a query that filters on a misspelt label,
    /// or the wrong variable, returns nothing for every value). A single value need not give every panel data: an
    /// AF_XDP panel is empty, as in Grafana, when a replay device alone is selected.
    /// </summary>
    [Fact]
    public async Task Every_panel_query_returns_data_by_default_and_for_some_value_of_each_variable_it_uses()
    {
        var failures = new List<string>();
        (Dictionary<string, string> defaults, List<(DashboardVariable Variable, string Value, Dictionary<string, string> Values)> singles) =
            await SelectionsAsync(failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        int queries = 0;
        foreach (DashboardTarget target in _dashboard.Targets)
        {
            string where = $"panel {target.PanelId} \"{target.PanelTitle}\" {target.RefId}";
            string expr = _dashboard.Interpolate(target.Expr, defaults, RateInterval);
            queries++;
            if (await ErrorOrNoDataAsync(expr) is string problem)
                failures.Add($"{where} (defaults): {problem}: {expr}");
            foreach (IGrouping<DashboardVariable, (DashboardVariable Variable, string Value, Dictionary<string, string> Values)> variable in
                     singles.Where(s => Uses(target.Expr, s.Variable.Name)).GroupBy(s => s.Variable))
            {
                var empty = new List<string>();
                foreach ((_, string value, Dictionary<string, string> values) in variable)
                {
                    queries++;
                    if (await ErrorOrNoDataAsync(_dashboard.Interpolate(target.Expr, values, RateInterval)) is string problem2)
                        empty.Add($"{value}: {problem2}");
                }
                if (empty.Count == variable.Count())
                    failures.Add($"{where}: no value of ${variable.Key.Name} gives data ({string.Join("; ", empty)}): {target.Expr}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Three devices, three descriptors: each variable had values to try, and the queries ran.
        Assert.Equal(3, singles.Count(s => s.Variable.Name == "device"));
        Assert.Equal(3, singles.Count(s => s.Variable.Name == "descriptor"));
        Assert.True(queries > 3 * _dashboard.Targets.Count, $"{queries} queries");
    }

    private async Task<string?> ErrorOrNoDataAsync(string expr)
    {
        try
        {
            return (await stack.Prometheus.QueryAsync(expr)).Count == 0 ? "no data" : null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static bool Uses(string expr, string variable) =>
        expr.Contains("$" + variable, StringComparison.Ordinal) || expr.Contains("${" + variable, StringComparison.Ordinal);

    [Fact]
    public async Task The_dashboard_charts_every_metric_the_appliance_exposes_and_no_other()
    {
        IEnumerable<string> used = _dashboard.Targets.Select(t => t.Expr)
            .Concat(_dashboard.Variables.Select(v => v.Match ?? ""))
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value));
        var onDashboard = new SortedSet<string>(used, StringComparer.Ordinal);
        var exposed = new SortedSet<string>(stack.Settled.Types.Keys, StringComparer.Ordinal);

        string[] notCharted = exposed.Except(onDashboard).ToArray();
        string[] notExposed = onDashboard.Except(exposed).ToArray();
        Assert.True(notCharted.Length == 0 && notExposed.Length == 0,
            $"exposed but not on the dashboard: [{string.Join(", ", notCharted)}]; " +
            $"on the dashboard but not exposed: [{string.Join(", ", notExposed)}]");
    }

    /// <summary>
    /// The variable selections a user can make, as the values interpolated into queries: the defaults (multi-value
    /// variables at "All", the first appliance), and every single value of each multi-value variable with the
    /// others at their defaults. Values come from Prometheus as Grafana lists them (label_values), in the
    /// dashboard's order, each variable's query interpolated with the defaults before it.
    /// </summary>
    private async Task<(Dictionary<string, string>, List<(DashboardVariable, string, Dictionary<string, string>)>)> SelectionsAsync(
        List<string> failures)
    {
        var defaults = new Dictionary<string, string>();
        var choices = new List<(DashboardVariable Variable, IReadOnlyList<string> Values)>();
        foreach (DashboardVariable variable in _dashboard.Variables.Where(v => v.Type == "query"))
        {
            string match = _dashboard.Interpolate(variable.Match!, defaults, RateInterval);
            IReadOnlyList<string> values = await stack.Prometheus.LabelValuesAsync(variable.Label!, match);
            if (values.Count == 0)
            {
                failures.Add($"variable {variable.Name}: label_values({match}, {variable.Label}) lists nothing");
                return (defaults, []);
            }
            defaults[variable.Name] = variable.IncludeAll
                ? variable.AllValue ?? throw new InvalidOperationException(
                    $"variable {variable.Name}: include-all without an allValue (Grafana would send every value)")
                : GrafanaDashboard.FormatValue(variable, values[0]);
            if (variable.Multi)
                choices.Add((variable, values));
        }
        var singles = new List<(DashboardVariable, string, Dictionary<string, string>)>();
        foreach ((DashboardVariable variable, IReadOnlyList<string> values) in choices)
            foreach (string value in values)
                singles.Add((variable, value,
                    new Dictionary<string, string>(defaults) { [variable.Name] = GrafanaDashboard.FormatValue(variable, value) }));
        return (defaults, singles);
    }

    [GeneratedRegex(@"\bprobe_\w+")]
    private static partial Regex MetricName();
}
