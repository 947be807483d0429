using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>ftruncate(2). Returns -1 and sets errno on failure (EINTR possible: callers retry).</summary>
    [LibraryImport(Name, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int FTruncate(SafeFileHandle fd, long length);
}
