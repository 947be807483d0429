using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const short POLLIN = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>poll(2): blocks up to timeout ms. Returns ready count, 0 on timeout, -1 with errno (EINTR: retry).</summary>
    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);
}
