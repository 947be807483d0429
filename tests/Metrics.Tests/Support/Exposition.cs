using System.Globalization;
using System.Text;

namespace Probe.Metrics.Tests;

/// <summary>One sample of a scrape: metric name, labels, value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out string? v) && v == l.Value);

    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString("R", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A scrape in the Prometheus text format 0.0.4, parsed: the samples and the declared type of each family. Only as
/// much of the format as reading values back needs; promtool is the judge of the format itself.
/// </summary>
internal sealed class Exposition
{
    private Exposition(IReadOnlyList<MetricSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Family name to "counter", "gauge", ...</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IEnumerable<MetricSample> Family(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The one sample of <paramref name="name"/> carrying <paramref name="labels"/>; a clear error otherwise.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        MetricSample[] matches = Family(name).Where(s => s.Has(labels)).ToArray();
        return matches.Length == 1
            ? matches[0].Value
            : throw new InvalidOperationException(
                $"{matches.Length} samples of {name} with {string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}");
    }

    public static Exposition Parse(string text)
    {
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>();
        int lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            if (line.StartsWith('#'))
            {
                string[] parts = line.Split(' ', 4);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                    types[parts[2]] = parts[3];
                continue;
            }
            try
            {
                samples.Add(ParseSample(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {lineNumber}: {e.Message}: {line}");
            }
        }
        return new Exposition(samples, types);
    }

    private static MetricSample ParseSample(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
            i++;
        string name = line[..i];
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ',' or ' ')
                    i++;
                if (i >= line.Length)
                    throw new FormatException("unterminated label set");
                if (line[i] == '}')
                {
                    i++;
                    break;
                }
                int eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
                    throw new FormatException("label without =\"value\"");
                string label = line[i..eq];
                var value = new StringBuilder();
                i = eq + 2;
                for (; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }
                if (i >= line.Length)
                    throw new FormatException("unterminated label value");
                i++; // the closing quote
                labels[label] = value.ToString();
            }
        }
        string[] rest = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
            throw new FormatException("expected a value and an optional timestamp");
        double number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            string v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new MetricSample(name, labels, number);
    }
}
