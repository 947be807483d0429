using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Tests;

/// <summary>Tests that need hugepages reserve them as the setup script does (CI runs as root).</summary>
internal static class HugepagePool
{
    public static void EnsureFree(long pages)
    {
        long free = Hugepages.FreePages();
        if (free < pages)
            File.WriteAllText("/proc/sys/vm/nr_hugepages", (Hugepages.TotalPages() + pages - free).ToString());
        Assert.True(Hugepages.FreePages() >= pages, $"could not reserve {pages} hugepages");
    }
}
