using System.Runtime.InteropServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// A registered UMEM (xsk_umem__create over <see cref="UmemMemory"/>) with its fill and completion rings. The ring
/// structs live in native memory because libxdp keeps pointers to them until the UMEM and its socket are deleted.
/// Dispose after the socket that uses it (libxdp refuses with EBUSY otherwise); the memory itself is the caller's.
/// </summary>
internal sealed unsafe class XskUmem : IDisposable
{
    private nint _umem;
    private XskRing* _fill;
    private XskRing* _completion;

    private XskUmem(nint umem, XskRing* fill, XskRing* completion)
    {
        _umem = umem;
        _fill = fill;
        _completion = completion;
    }

    public nint Handle => _umem;

    public FillRing Fill => new(_fill);

    /// <param name="memory">the packet memory (frameCount * frameSize bytes at least)</param>
    /// <param name="fillSize">fill ring entries, a power of two</param>
    public static XskUmem Create(UmemMemory memory, int frameCount, int frameSize, uint fillSize, string where)
    {
        var fill = (XskRing*)NativeMemory.AllocZeroed((nuint)sizeof(XskRing));
        var completion = (XskRing*)NativeMemory.AllocZeroed((nuint)sizeof(XskRing));
        var config = new XskUmemConfig
        {
            FillSize = fillSize,
            // The queue never transmits, but the kernel requires a completion ring on every UMEM.
            CompSize = 32,
            FrameSize = (uint)frameSize,
            FrameHeadroom = 0,
            Flags = 0,
        };
        ulong size = (ulong)frameCount * (ulong)frameSize;
        int rc = Xsk.UmemCreate(out nint umem, memory.Pointer, size, fill, completion, config);
        if (rc != 0)
        {
            NativeMemory.Free(fill);
            NativeMemory.Free(completion);
            throw UmemFailure(-rc, size, where);
        }
        return new XskUmem(umem, fill, completion);
    }

    private static AfXdpException UmemFailure(int errno, ulong size, string where)
    {
        string step = $"{where}: registering the {size >> 20} MiB UMEM failed: {Errno.Describe(errno)}";
        return errno switch
        {
            // xdp_umem_account_pages: without CAP_IPC_LOCK the pinned pages count against RLIMIT_MEMLOCK, summed
            // over every process of the user.
            Errno.ENOBUFS or Errno.ENOMEM or Errno.EPERM when !Capabilities.Current().Has(Capability.IpcLock) =>
                new AfXdpException(
                    $"{step}: the UMEM's pinned pages count against the locked-memory limit " +
                    $"({MemlockLimit.Describe()}, shared by every process of this user) because the process lacks " +
                    $"CAP_IPC_LOCK; grant CAP_IPC_LOCK (or raise the memlock limit, or lower frame_count)",
                    errno, [Capability.IpcLock.Name]),
            Errno.EPERM when !Capabilities.Current().Has(Capability.NetRaw) =>
                new AfXdpException($"{step}: creating an AF_XDP socket needs CAP_NET_RAW, which the process lacks",
                    errno, [Capability.NetRaw.Name]),
            _ => new AfXdpException(step, errno),
        };
    }

    public void Dispose()
    {
        if (_umem != 0)
        {
            int rc = Xsk.UmemDelete(_umem);
            if (rc != 0)
                throw new InvalidOperationException($"xsk_umem__delete failed: {Errno.Describe(-rc)} (a socket still uses the UMEM)");
            _umem = 0;
        }
        NativeMemory.Free(_fill);
        NativeMemory.Free(_completion);
        _fill = null;
        _completion = null;
    }
}
