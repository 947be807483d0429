using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>sendmsg(2). Returns bytes sent, or -1 with errno (EINTR: retry; EPIPE/ECONNRESET: peer gone).</summary>
    [LibraryImport(Name, EntryPoint = "sendmsg", SetLastError = true)]
    internal static unsafe partial nint SendMsg(SafeSocketHandle socket, MsgHdr* message, int flags);
}
