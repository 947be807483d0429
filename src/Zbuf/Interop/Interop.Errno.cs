using System.Runtime.InteropServices;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    internal const int EINTR = 4;
    internal const int ENOMEM = 12;
    internal const int EINVAL = 22;

    /// <summary>strerror(3) text for an errno, so every failure message says why, not just a number.</summary>
    internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
