using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Sys
{
    /// <summary>close(2). Returns -1 and sets errno; never retried on EINTR (Linux releases the fd regardless).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
