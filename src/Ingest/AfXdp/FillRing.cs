using System.Runtime.CompilerServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// The producer side of a UMEM's fill ring, with xsk.h's semantics (xsk_ring_prod__reserve/submit): user space
/// produces frame addresses, the kernel consumes them to receive into. Indices are free-running 32-bit counters;
/// the cached consumer index is kept one ring size ahead so that free space is a single subtraction. Only the
/// poll thread uses it. The barrier pairs refer to the (A)-(D) comment in the kernel's net/xdp/xsk_queue.h.
/// </summary>
internal readonly unsafe struct FillRing
{
    private readonly XskRing* _ring;

    public FillRing(XskRing* ring) => _ring = ring;

    public uint Size => _ring->Size;

    /// <summary>Reserves <paramref name="count"/> slots starting at <paramref name="index"/>, or none (false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReserve(uint count, out uint index)
    {
        index = _ring->CachedProd;
        if (_ring->CachedCons - _ring->CachedProd < count)
        {
            // Acquire, partner of the kernel's release store of the consumer index ((D) in xsk_queue.h): the kernel
            // has finished reading every slot below that index, so we may overwrite them after this load. The
            // cached value is kept Size ahead (xsk_prod_nb_free).
            _ring->CachedCons = Volatile.Read(ref *_ring->Consumer) + _ring->Size;
            if (_ring->CachedCons - _ring->CachedProd < count)
                return false;
        }
        _ring->CachedProd += count;
        return true;
    }

    /// <summary>The slot of free-running index <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ulong Address(uint index) => ref ((ulong*)_ring->Ring)[index & _ring->Mask];

    /// <summary>Publishes <paramref name="count"/> reserved slots to the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Submit(uint count)
    {
        // Release, partner of the kernel's acquire load of the producer index ((B)-(C) in xsk_queue.h): the
        // addresses written into the slots are visible before the index that hands them over. Only this thread
        // writes the producer index, so the plain read of it is exact.
        Volatile.Write(ref *_ring->Producer, *_ring->Producer + count);
    }

    /// <summary>The kernel asks for a system call before it will take more frames (XDP_USE_NEED_WAKEUP).</summary>
    public bool NeedsWakeup
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        // A plain flag the kernel sets and clears with WRITE_ONCE; no ordering with the ring contents is implied,
        // a stale read only delays or adds one harmless wake-up.
        get => (Volatile.Read(ref *_ring->Flags) & XskConstants.XDP_RING_NEED_WAKEUP) != 0;
    }
}
