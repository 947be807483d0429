using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const int EAGAIN = 11;

    /// <summary>write(2) for an eventfd (8 bytes). Returns -1 with errno (EAGAIN: counter full; harmless for a wake-up).</summary>
    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeFileHandle fd, void* buffer, nuint count);

    /// <summary>read(2) for an eventfd (8 bytes). Returns -1 with errno (EAGAIN on a non-blocking fd with nothing to read).</summary>
    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(SafeFileHandle fd, void* buffer, nuint count);
}
