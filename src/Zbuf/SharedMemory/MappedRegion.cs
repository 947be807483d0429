using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.Interop;

namespace Probe.Zbuf.SharedMemory;

/// <summary>A MAP_SHARED mapping of a whole file; unmapped exactly once, when the handle is released.</summary>
public sealed unsafe class MappedRegion : SafeHandleZeroOrMinusOneIsInvalid
{
    public nuint Length { get; }

    private MappedRegion(nint address, nuint length) : base(ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public byte* Pointer => (byte*)handle;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> read-write and shared.</summary>
    /// <param name="populate">fault every page in now, so a hugetlb shortage fails here and not with SIGBUS later</param>
    public static MappedRegion Map(SafeFileHandle fd, nuint length, bool populate)
    {
        int flags = Libc.MAP_SHARED | (populate ? Libc.MAP_POPULATE : 0);
        nint address = Libc.MMap(0, length, Libc.PROT_READ | Libc.PROT_WRITE, flags, fd, 0);
        if (address == Libc.MAP_FAILED)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ZbufException($"mmap of {length} bytes failed: {Libc.Describe(errno)}", errno);
        }
        return new MappedRegion(address, length);
    }

    protected override bool ReleaseHandle() => Libc.MUnmap(handle, Length) == 0;
}
