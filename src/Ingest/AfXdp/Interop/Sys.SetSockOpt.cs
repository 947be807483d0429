using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Sys
{
    internal const int SOL_SOCKET = 1;
    /// <summary>Microseconds a busy-poll call may spin in the driver's NAPI (raising it needs CAP_NET_ADMIN).</summary>
    internal const int SO_BUSY_POLL = 46;
    /// <summary>Prefer busy polling over softirq processing of the socket's NAPI (CAP_NET_ADMIN; Linux 5.11).</summary>
    internal const int SO_PREFER_BUSY_POLL = 69;
    /// <summary>Packets one busy-poll call may process (CAP_NET_ADMIN; Linux 5.11).</summary>
    internal const int SO_BUSY_POLL_BUDGET = 70;

    /// <summary>setsockopt(2). Returns -1 and sets errno (EPERM: a capability is missing; ENOPROTOOPT: the kernel
    /// does not know the option).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);
}
