using System.Text.Json;
using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>A query of a dashboard panel.</summary>
internal sealed record DashboardTarget(int PanelId, string PanelTitle, string RefId, string Expr);

/// <summary>A template variable: a query variable lists label_values(Match, Label).</summary>
internal sealed record DashboardVariable(string Name, string Type, string? Match, string? Label, bool Multi, bool IncludeAll, string? AllValue);

/// <summary>
/// The provisioned Grafana dashboard as its queries see it: every panel's PromQL, the template variables, and the
/// interpolation Grafana's Prometheus data source applies before sending a query.
/// </summary>
internal sealed partial class GrafanaDashboard
{
    public static string DefaultPath => Path.Combine(RepoPaths.Root, "config", "grafana", "dashboards", "probe-appliance.json");

    private GrafanaDashboard(JsonElement root)
    {
        Root = root;
        var targets = new List<DashboardTarget>();
        foreach (JsonElement panel in Panels(root))
            if (panel.TryGetProperty("targets", out JsonElement list))
                foreach (JsonElement t in list.EnumerateArray())
                    targets.Add(new DashboardTarget(panel.GetProperty("id").GetInt32(), panel.GetProperty("title").GetString()!,
                        t.GetProperty("refId").GetString()!, t.GetProperty("expr").GetString()!));
        Targets = targets;
        var variables = new List<DashboardVariable>();
        foreach (JsonElement v in root.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            string type = v.GetProperty("type").GetString()!;
            string? match = null, label = null;
            if (type == "query")
            {
                JsonElement query = v.GetProperty("query");
                string text = query.ValueKind == JsonValueKind.String ? query.GetString()! : query.GetProperty("query").GetString()!;
                Match m = LabelValues().Match(text);
                if (!m.Success)
                    throw new FormatException($"variable {v.GetProperty("name")}: '{text}' is not label_values(MATCH, LABEL)");
                (match, label) = (m.Groups[1].Value, m.Groups[2].Value);
            }
            variables.Add(new DashboardVariable(v.GetProperty("name").GetString()!, type, match, label,
                v.TryGetProperty("multi", out JsonElement multi) && multi.GetBoolean(),
                v.TryGetProperty("includeAll", out JsonElement all) && all.GetBoolean(),
                v.TryGetProperty("allValue", out JsonElement allValue) ? allValue.GetString() : null));
        }
        Variables = variables;
        string from = root.GetProperty("time").GetProperty("from").GetString()!;
        DefaultRange = from.StartsWith("now-", StringComparison.Ordinal) && root.GetProperty("time").GetProperty("to").GetString() == "now"
            ? from["now-".Length..]
            : throw new FormatException($"time {from}..: expected a range relative to now");
    }

    public JsonElement Root { get; }

    public IReadOnlyList<DashboardTarget> Targets { get; }

    public IReadOnlyList<DashboardVariable> Variables { get; }

    /// <summary>The default time range as a PromQL duration ("30m" for now-30m): what $__range becomes.</summary>
    public string DefaultRange { get; }

    public static GrafanaDashboard Load(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return new GrafanaDashboard(document.RootElement.Clone());
    }

    /// <summary>Every panel, rows' nested panels included.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement root)
    {
        foreach (JsonElement panel in root.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out JsonElement nested))
                foreach (JsonElement inner in nested.EnumerateArray())
                    yield return inner;
        }
    }

    /// <summary>
    /// Replaces $name and ${name} as Grafana does before a query reaches Prometheus. <paramref name="values"/> holds each
    /// template variable's text already formatted for PromQL (see <see cref="FormatValue"/>); the built-ins get
    /// <paramref name="rateInterval"/> and <see cref="DefaultRange"/>.
    /// </summary>
    public string Interpolate(string expr, IReadOnlyDictionary<string, string> values, string rateInterval) =>
        VariableReference().Replace(expr, m =>
        {
            string name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return name switch
            {
                "__rate_interval" => rateInterval,
                "__range" => DefaultRange,
                _ when values.TryGetValue(name, out string? value) => value,
                _ => throw new InvalidOperationException($"'{expr}' uses ${name}, which has no value"),
            };
        });

    /// <summary>
    /// A selected value as Grafana's Prometheus data source puts it into a query: for a multi-value or include-all
    /// variable, regex-escaped with the escape itself escaped for the PromQL string literal (Grafana's
    /// prometheusSpecialRegexEscape); otherwise as is.
    /// </summary>
    public static string FormatValue(DashboardVariable variable, string value) =>
        variable.Multi || variable.IncludeAll
            ? RegexSpecial().Replace(value, m => m.Value == "\\" ? @"\\\\" : @"\\" + m.Value)
            : value;

    [GeneratedRegex(@"^label_values\((.+),\s*(\w+)\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$(?:\{(\w+)(?::\w+)?\}|(\w+))")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"[\\^$*+?.()|{}\[\]']")]
    private static partial Regex RegexSpecial();
}
