using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Sys
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_PRIVATE = 0x02;
    internal const int MAP_ANONYMOUS = 0x20;
    internal const int MAP_POPULATE = 0x08000;
    internal const int MAP_HUGETLB = 0x40000;
    /// <summary>MAP_HUGE_2MB: log2(2 MiB) = 21 in the MAP_HUGE_SHIFT (26) field.</summary>
    internal const int MAP_HUGE_2MB = 21 << 26;
    internal static readonly nint MAP_FAILED = -1;

    /// <summary>mmap(2) of anonymous memory. Returns MAP_FAILED (-1) and sets errno (ENOMEM: no hugepages left).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint MMapAnonymous(nint address, nuint length, int protection, int flags, int fd, long offset);
}
