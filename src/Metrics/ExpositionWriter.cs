using System.Globalization;
using System.Text;

namespace Probe.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line per family, then its
/// samples. Families must be written whole, one after another; label values are escaped as the format requires.
/// </summary>
public sealed class ExpositionWriter
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = [];
    private string? _current;

    /// <summary>Starts a family. <paramref name="name"/> follows the naming conventions (base units, _total for counters).</summary>
    public ExpositionWriter Family(string name, MetricType type, string help)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid metric name", nameof(name));
        if (!_families.Add(name))
            throw new InvalidOperationException($"metric family {name} written twice: a family's samples must be contiguous");
        _current = name;
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type == MetricType.Counter ? "counter" : "gauge").Append('\n');
        return this;
    }

    /// <summary>A sample of the current family; <paramref name="labels"/> are name/value pairs.</summary>
    public ExpositionWriter Sample(double value, params (string Name, string Value)[] labels)
    {
        if (_current is null)
            throw new InvalidOperationException("Sample before Family");
        _text.Append(_current);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"").Append(EscapeLabel(labels[i].Value)).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static bool IsValidName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}
