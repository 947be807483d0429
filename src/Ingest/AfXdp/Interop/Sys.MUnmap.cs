using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Sys
{
    /// <summary>munmap(2). Returns -1 and sets errno only for an invalid range (a bug).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int MUnmap(nint address, nuint length);
}
