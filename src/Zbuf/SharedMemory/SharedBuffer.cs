using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.Interop;

namespace Probe.Zbuf.SharedMemory;

/// <summary>
/// One zbuf buffer: a memfd, mapped MAP_SHARED, so that any process holding the fd (or /proc/PID/fd/N) maps the
/// same pages, and fork() in a consumer cannot detach its view (protocol section 5).
/// </summary>
public sealed unsafe class SharedBuffer : IDisposable
{
    public SafeFileHandle Fd { get; }
    public MappedRegion Mapping { get; }
    public int Size { get; }
    public bool IsHugepageBacked { get; }

    private SharedBuffer(SafeFileHandle fd, MappedRegion mapping, int size, bool huge)
    {
        Fd = fd;
        Mapping = mapping;
        Size = size;
        IsHugepageBacked = huge;
    }

    public byte* Pointer => Mapping.Pointer;

    /// <summary>/proc/PID/fd/N: a path through which another process (or this one) can open and map this buffer.</summary>
    public string ProcPath => $"/proc/{Environment.ProcessId}/fd/{Fd.DangerousGetHandle()}";

    /// <summary>
    /// Creates a zeroed buffer of <paramref name="size"/> bytes (a page multiple).
    /// <paramref name="notice"/> says why a Prefer request got regular pages; null when it got what it asked for.
    /// </summary>
    public static SharedBuffer Create(string name, int size, HugepagePolicy policy, out string? notice)
    {
        notice = null;
        if (size <= 0 || size % Environment.SystemPageSize != 0)
            throw new ZbufException($"buffer size {size} is not a positive multiple of the page size {Environment.SystemPageSize}");

        if (policy != HugepagePolicy.Never)
        {
            string? why = size % Hugepages.PageSize != 0
                ? $"buffer size {size} is not a multiple of the 2 MiB hugepage size"
                : null;
            if (why is null)
            {
                SharedBuffer? huge = TryCreateHuge(name, size, out why);
                if (huge is not null)
                    return huge;
            }
            if (policy == HugepagePolicy.Require)
                throw new ZbufException($"hugepages are required but {why}");
            notice = $"using regular pages for zbuf buffers: {why}";
        }
        return CreateRegular(name, size);
    }

    /// <summary>Maps an existing buffer fd (a consumer's view, or a buffer loaned by a consumer).</summary>
    public static SharedBuffer Attach(SafeFileHandle fd)
    {
        long length = RandomAccess.GetLength(fd);
        if (length <= 0 || length > int.MaxValue || length % Environment.SystemPageSize != 0)
            throw new ZbufException($"buffer fd has size {length}: not a positive page multiple below 2 GiB");
        MappedRegion mapping = MappedRegion.Map(fd, (nuint)length, populate: false);
        return new SharedBuffer(fd, mapping, (int)length, huge: false);
    }

    /// <summary>(device, inode) of an open file: two descriptors name the same memfd exactly when these are equal.</summary>
    public static (ulong Device, ulong Inode) FileIdentity(SafeFileHandle fd) => Libc.FileIdentity(fd);

    private static SharedBuffer? TryCreateHuge(string name, int size, out string? why)
    {
        SafeFileHandle fd = Libc.MemfdCreate(name, Libc.MFD_CLOEXEC | Libc.MFD_HUGETLB | Libc.MFD_HUGE_2MB);
        if (fd.IsInvalid)
        {
            why = $"memfd_create(MFD_HUGETLB) failed: {Libc.Describe(Marshal.GetLastPInvokeError())}";
            return null;
        }
        try
        {
            Truncate(fd, size);
            // Populate so that a short pool fails now with ENOMEM, not later with SIGBUS on the poll thread.
            MappedRegion mapping = MappedRegion.Map(fd, (nuint)size, populate: true);
            why = null;
            return new SharedBuffer(fd, mapping, size, huge: true);
        }
        catch (ZbufException e)
        {
            fd.Dispose();
            long need = Hugepages.PagesFor(size);
            why = $"no {need} free 2 MiB hugepage(s) ({Hugepages.FreePages()} free; {e.Message}); {Hugepages.FixHint(need)}";
            return null;
        }
    }

    private static SharedBuffer CreateRegular(string name, int size)
    {
        SafeFileHandle fd = Libc.MemfdCreate(name, Libc.MFD_CLOEXEC);
        if (fd.IsInvalid)
            throw new ZbufException($"memfd_create failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        try
        {
            Truncate(fd, size);
            return new SharedBuffer(fd, MappedRegion.Map(fd, (nuint)size, populate: true), size, huge: false);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static void Truncate(SafeFileHandle fd, long size)
    {
        while (Libc.FTruncate(fd, size) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
                throw new ZbufException($"ftruncate to {size} bytes failed: {Libc.Describe(errno)}", errno);
        }
    }

    public void Dispose()
    {
        Mapping.Dispose();
        Fd.Dispose();
    }
}
