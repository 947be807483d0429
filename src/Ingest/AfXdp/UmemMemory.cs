using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Ingest.AfXdp.Interop;
using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// The packet memory of one UMEM: an anonymous mapping, on 2 MiB hugepages where the policy and the pool allow,
/// populated up front so that a hugepage shortage fails here and not with SIGBUS on the poll thread. Unmapped
/// exactly once, when the handle is released (after the UMEM that registered it).
/// </summary>
internal sealed unsafe class UmemMemory : SafeHandleZeroOrMinusOneIsInvalid
{
    private UmemMemory(nint address, nuint length, bool huge) : base(ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
        IsHugepageBacked = huge;
    }

    /// <summary>Bytes mapped (a hugepage multiple when hugepage-backed; at least the bytes asked for).</summary>
    public nuint Length { get; }

    public bool IsHugepageBacked { get; }

    public byte* Pointer => (byte*)handle;

    /// <param name="bytes">bytes needed</param>
    /// <param name="policy">hugepage policy</param>
    /// <param name="notice">why a Prefer request got regular pages; null otherwise</param>
    public static UmemMemory Allocate(long bytes, HugepagePolicy policy, out string? notice)
    {
        notice = null;
        const int protection = Sys.PROT_READ | Sys.PROT_WRITE;
        const int anonymous = Sys.MAP_PRIVATE | Sys.MAP_ANONYMOUS | Sys.MAP_POPULATE;
        if (policy != HugepagePolicy.Never)
        {
            long pages = Hugepages.PagesFor(bytes);
            nuint length = (nuint)(pages * Hugepages.PageSize);
            nint address = Sys.MMapAnonymous(0, length, protection, anonymous | Sys.MAP_HUGETLB | Sys.MAP_HUGE_2MB, -1, 0);
            if (address != Sys.MAP_FAILED)
                return new UmemMemory(address, length, huge: true);
            int errno = Marshal.GetLastPInvokeError();
            string why = $"no {pages} free 2 MiB hugepage(s) for the UMEM ({Hugepages.FreePages()} free; mmap: " +
                         $"{Errno.Describe(errno)}); {Hugepages.FixHint(pages)}";
            if (policy == HugepagePolicy.Require)
                throw new AfXdpException($"hugepages are required (hugepages: require) but there are {why}", errno);
            notice = $"using regular pages for the UMEM: {why}";
        }
        nuint regular = (nuint)((bytes + Environment.SystemPageSize - 1) / Environment.SystemPageSize * Environment.SystemPageSize);
        nint plain = Sys.MMapAnonymous(0, regular, protection, anonymous, -1, 0);
        if (plain == Sys.MAP_FAILED)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new AfXdpException($"cannot map {regular} bytes for the UMEM: {Errno.Describe(errno)}", errno);
        }
        return new UmemMemory(plain, regular, huge: false);
    }

    protected override bool ReleaseHandle() => Sys.MUnmap(handle, Length) == 0;
}
