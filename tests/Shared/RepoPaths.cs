namespace Probe.Tests;

/// <summary>Where the repository is, for tests that run its scripts, headers and tools.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the first ancestor of the test binary holding appliance.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "appliance.sln")))
                return dir.FullName;
        throw new InvalidOperationException("appliance.sln not found above " + AppContext.BaseDirectory);
    }
}
