namespace Probe.Zbuf.SharedMemory;

/// <summary>Whether buffers must, may or must not be backed by hugetlb pages.</summary>
public enum HugepagePolicy
{
    /// <summary>Hugepages when the size allows and the pool has them; otherwise regular pages, with a notice.</summary>
    Prefer,
    /// <summary>Hugepages or a clear error that names the fix.</summary>
    Require,
    /// <summary>Regular pages always.</summary>
    Never,
}
