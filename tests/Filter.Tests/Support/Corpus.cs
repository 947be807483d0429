namespace Probe.Filter.Tests.Support;

/// <summary>
/// The shared test corpus: ../shared/corpus beside the repository (in CI too), found by walking up from
/// the test binaries; PROBE_CORPUS overrides. A missing corpus fails the tests, it never skips them.
/// </summary>
internal static class Corpus
{
    public static string Root { get; } = Locate();

    public static string FiltersDirectory => Path.Combine(Root, "filters");

    /// <summary>valid.txt: expressions libpcap compiles for EN10MB.</summary>
    public static IReadOnlyList<string> ValidExpressions { get; } = ReadLines("valid.txt");

    /// <summary>invalid.txt: expressions libpcap must refuse.</summary>
    public static IReadOnlyList<string> InvalidExpressions { get; } = ReadLines("invalid.txt");

    /// <summary>by_linktype.tsv: (link-type name, expression, corpus file, packets tcpdump matched there).</summary>
    public static IReadOnlyList<(string LinkType, string Expression, string File, int Matching)> LinkTypeExpressions { get; } =
        File.ReadAllLines(Path.Combine(FiltersDirectory, "by_linktype.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0], f[1], f[2], int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Every file under the corpus, in a stable order; the readers decide which are captures.</summary>
    public static IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static IReadOnlyList<string> ReadLines(string name) =>
        File.ReadAllLines(Path.Combine(FiltersDirectory, name)).Where(line => line.Length > 0).ToList();

    private static string Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable("PROBE_CORPUS");
        if (!string.IsNullOrEmpty(overridden))
            return Directory.Exists(overridden) ? overridden : throw new DirectoryNotFoundException($"PROBE_CORPUS={overridden} does not exist");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(Path.Combine(candidate, "filters")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"no shared/corpus (with filters/) in any directory above {AppContext.BaseDirectory}; set PROBE_CORPUS");
    }
}
