using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Sys
{
    /// <summary>getsockopt(2). Returns -1 and sets errno on failure (EBADF after the socket closed).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int GetSockOpt(int fd, int level, int name, void* value, ref uint length);
}
