namespace Probe.Tests;

/// <summary>The shared test captures (../shared/corpus beside the repository).</summary>
internal static class Corpus
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    public static IEnumerable<string> CaptureFiles() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".pcap", StringComparison.Ordinal) || f.EndsWith(".pcapng", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    public static string Full(string relative) => Path.Combine(Root, relative);
}
