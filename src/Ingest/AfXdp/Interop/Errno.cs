using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

/// <summary>The errno values the backend tells apart, and their text for messages.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int ENXIO = 6;
    internal const int EAGAIN = 11;
    internal const int ENOMEM = 12;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ERANGE = 34;
    internal const int ENOBUFS = 105;
    internal const int EOPNOTSUPP = 95;

    /// <summary>"Operation not supported (EOPNOTSUPP)": strerror text plus the symbol, which is what people search for.</summary>
    internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} ({Symbol(errno)})";

    private static string Symbol(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        ENXIO => "ENXIO",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ERANGE => "ERANGE",
        ENOBUFS => "ENOBUFS",
        EOPNOTSUPP => "EOPNOTSUPP",
        _ => $"errno {errno}",
    };
}
