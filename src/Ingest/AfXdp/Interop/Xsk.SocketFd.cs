using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Xsk
{
    /// <summary>xsk_socket__fd: the socket's file descriptor, or -EINVAL for a null socket.</summary>
    [LibraryImport(Libraries.Xdp, EntryPoint = "xsk_socket__fd")]
    internal static partial int SocketFd(nint socket);
}
