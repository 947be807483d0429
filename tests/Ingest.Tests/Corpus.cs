namespace Probe.Ingest.Tests;

internal static class Corpus
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));

    public static string Full(string relative) => Path.Combine(Root, relative);
}
