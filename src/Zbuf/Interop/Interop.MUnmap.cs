using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>munmap(2). Returns -1 and sets errno on failure (only for an invalid range: a bug).</summary>
    [LibraryImport(Name, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int MUnmap(nint addr, nuint length);
}
