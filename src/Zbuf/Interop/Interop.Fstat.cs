using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>The identity of an open file: two fds are the same memfd exactly when these are equal.</summary>
    internal static (ulong Device, ulong Inode) FileIdentity(SafeFileHandle fd)
    {
        // memfd names ("memfd:x (deleted)") are not unique; the inode number is.
        Span<byte> stat = stackalloc byte[144]; // struct stat on x86-64 and arm64 Linux
        if (FStat(fd, ref MemoryMarshal.GetReference(stat)) != 0)
            throw new ZbufException($"fstat failed: {Describe(Marshal.GetLastPInvokeError())}");
        // st_dev at 0, st_ino at 8 on both LP64 Linux layouts.
        return (BitConverter.ToUInt64(stat), BitConverter.ToUInt64(stat[8..]));
    }

    /// <summary>fstat(2) into a caller buffer of sizeof(struct stat). Returns -1 with errno on failure.</summary>
    [LibraryImport(Name, EntryPoint = "fstat", SetLastError = true)]
    private static partial int FStat(SafeFileHandle fd, ref byte stat);
}
