namespace Probe.Zbuf.SharedMemory;

/// <summary>The machine's default (2 MiB) hugepage pool, as /proc/meminfo reports it.</summary>
public static class Hugepages
{
    public const int PageSize = 2 * 1024 * 1024;

    /// <summary>Free 2 MiB pages in the pool, or 0 when the kernel has no hugetlb support.</summary>
    public static long FreePages() => ReadMeminfo("HugePages_Free:");

    public static long TotalPages() => ReadMeminfo("HugePages_Total:");

    /// <summary>Pages needed to hold <paramref name="bytes"/>, rounded up.</summary>
    public static long PagesFor(long bytes) => (bytes + PageSize - 1) / PageSize;

    /// <summary>The command an operator runs to make room for <paramref name="pages"/> more pages.</summary>
    public static string FixHint(long pages) =>
        $"reserve hugepages with: echo {TotalPages() + pages} > /proc/sys/vm/nr_hugepages";

    private static long ReadMeminfo(string key)
    {
        foreach (string line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length).Trim());
        }
        return 0;
    }
}
