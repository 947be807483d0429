namespace Probe.Perf.Tests;

/// <summary>The sections table of a RESULTS/README.md written by perf/run: section name to its status cell.</summary>
internal static class PerfReport
{
    /// <summary>Reads the rows of the table under "## Sections", in order, up to its "total" row.</summary>
    public static IReadOnlyList<(string Section, string Status)> SectionStatuses(string readme)
    {
        string[] lines = File.ReadAllLines(readme);
        int heading = Array.IndexOf(lines, "## Sections");
        if (heading < 0)
            throw new InvalidDataException($"{readme} has no '## Sections' heading");
        var rows = new List<(string, string)>();
        foreach (string line in lines.Skip(heading + 1).SkipWhile(l => l.Length == 0).TakeWhile(l => l.StartsWith('|')))
        {
            string[] cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // cells[0] is the empty text before the first '|'; header, rule and total rows are not sections.
            if (cells.Length < 3 || cells[1] is "section" or "**total**" || cells[1].StartsWith("---", StringComparison.Ordinal))
                continue;
            rows.Add((cells[1], cells[2]));
        }
        return rows;
    }
}
