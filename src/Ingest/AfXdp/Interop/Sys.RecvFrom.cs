using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Sys
{
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>
    /// recvfrom(2) with no buffer: on an AF_XDP socket this is the rx wake-up (the driver refills from the fill
    /// ring). Called with MSG_DONTWAIT it never sleeps, but it is a system call, so it keeps the normal GC
    /// transition. Returns -1 and sets errno (EAGAIN/EBUSY are harmless here).
    /// </summary>
    [LibraryImport(Libraries.C, EntryPoint = "recvfrom", SetLastError = true)]
    internal static partial nint RecvFrom(int fd, nint buffer, nuint length, int flags, nint address, nint addressLength);
}
