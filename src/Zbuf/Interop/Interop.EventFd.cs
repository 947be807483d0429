using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    /// <summary>eventfd(2). Returns an invalid handle and sets errno on failure.</summary>
    [LibraryImport(Name, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial SafeFileHandle EventFd(uint initial, int flags);
}
