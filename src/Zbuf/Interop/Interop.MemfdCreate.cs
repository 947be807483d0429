using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const uint MFD_CLOEXEC = 0x0001;
    internal const uint MFD_HUGETLB = 0x0004;
    /// <summary>MFD_HUGE_2MB: log2(2 MiB) = 21 in the MFD_HUGE_SHIFT (26) field.</summary>
    internal const uint MFD_HUGE_2MB = 21u << 26;

    /// <summary>memfd_create(2). Returns an invalid handle and sets errno on failure.</summary>
    [LibraryImport(Name, EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial SafeFileHandle MemfdCreate(string name, uint flags);
}
