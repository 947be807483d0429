using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal const int MAP_POPULATE = 0x08000;
    internal static readonly nint MAP_FAILED = -1;

    /// <summary>mmap(2). Returns MAP_FAILED (-1) and sets errno on failure.</summary>
    [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint MMap(nint addr, nuint length, int prot, int flags, SafeFileHandle fd, long offset);
}
