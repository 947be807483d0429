using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>recvmsg(2). Returns bytes received (0: the peer closed), or -1 with errno (EINTR: retry).</summary>
    [LibraryImport(Name, EntryPoint = "recvmsg", SetLastError = true)]
    internal static unsafe partial nint RecvMsg(SafeSocketHandle socket, MsgHdr* message, int flags);
}
