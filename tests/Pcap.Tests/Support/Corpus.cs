namespace Probe.Pcap.Tests;

/// <summary>The project's shared capture corpus: every *.pcap and *.pcapng below /work/shared/corpus.</summary>
internal static class Corpus
{
    public const string Root = "/work/shared/corpus";

    public static IReadOnlyList<string> Files { get; } = Directory
        .EnumerateFiles(Root, "*", SearchOption.AllDirectories)
        .Where(path => path.EndsWith(".pcap", StringComparison.Ordinal) || path.EndsWith(".pcapng", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Paths relative to the corpus root, for readable theory names.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string path in Files)
        {
            data.Add(Path.GetRelativePath(Root, path));
        }

        return data;
    }

    public static string PathOf(string name) => Path.Combine(Root, name);
}
