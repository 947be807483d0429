using Xunit.Abstractions;

namespace Probe.Perf.Tests;

/// <summary>
/// perf/run --quick end to end, into a fresh directory: it succeeds; its README.md lists all six sections in order,
/// each "ok" where perf/sections/NAME.sh exists and "not run (script missing)" where it does not; every section that
/// ran wrote NAME.tsv with numeric statistics and NAME.md starting with its "## " title, and the report carries that
/// fragment; every image a fragment shows is a PNG beside it. A failing section fails the run, and this test.
/// </summary>
public sealed class PerfRunTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Sections = ["filters", "offline", "dpdk", "live", "limit", "scaling"];

    // Quick mode takes 1-2 minutes here; the limit is for a hung section (perf/run stops one after 300 s).
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(12);

    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("perf-run-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public void A_quick_run_reports_every_section_with_numeric_tables_and_the_plots_its_fragments_show()
    {
        PerfRunResult run = PerfRun.Quick(_out.FullName, Limit);
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, $"perf/run --quick exited with {run.ExitCode}:\n{run.Tail}");

        string readme = Path.Combine(_out.FullName, "README.md");
        Assert.True(File.Exists(readme), $"perf/run wrote no {readme}");
        string report = File.ReadAllText(readme);
        IReadOnlyList<(string Section, string Status)> statuses = PerfReport.SectionStatuses(readme);
        Assert.Equal(Sections, statuses.Select(s => s.Section));

        var problems = new List<string>();
        int lastFragment = -1;
        foreach ((string section, string status) in statuses)
        {
            bool exists = File.Exists(Path.Combine(RepoPaths.Root, "perf", "sections", section + ".sh"));
            if (!exists)
            {
                if (status != "not run (script missing)")
                    problems.Add($"{section}: no script, but the report says '{status}'");
                continue;
            }
            if (status != "ok")
            {
                problems.Add($"{section}: the report says '{status}'");
                continue;
            }
            problems.AddRange(SectionFiles.TsvProblems(Path.Combine(_out.FullName, section + ".tsv")));

            string fragmentPath = Path.Combine(_out.FullName, section + ".md");
            if (!File.Exists(fragmentPath))
            {
                problems.Add($"{section}: {fragmentPath} is missing");
                continue;
            }
            string fragment = File.ReadAllText(fragmentPath);
            if (!fragment.StartsWith("## ", StringComparison.Ordinal))
                problems.Add($"{section}: {section}.md does not start with a '## ' title");
            // In the report, in section order.
            int at = report.IndexOf(fragment.TrimEnd(), StringComparison.Ordinal);
            if (at < 0)
                problems.Add($"{section}: README.md does not carry {section}.md");
            else if (at < lastFragment)
                problems.Add($"{section}: its fragment comes before the previous section's in README.md");
            else
                lastFragment = at;

            foreach (string image in SectionFiles.ImageReferences(fragment))
            {
                if (image.Contains('/', StringComparison.Ordinal))
                    problems.Add($"{section}: image '{image}' is not a file name beside the fragment");
                else if (SectionFiles.PngProblem(Path.Combine(_out.FullName, image)) is { } why)
                    problems.Add($"{section}: {why}");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
