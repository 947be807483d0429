using System.Runtime.CompilerServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// The consumer side of a socket's rx ring, with xsk.h's semantics (xsk_ring_cons__peek/release/cancel): the
/// kernel produces descriptors of received packets, user space consumes them. The producer index is re-read only
/// when the cached view is empty. Only the poll thread uses it. Barrier pairs: (A)-(D) in net/xdp/xsk_queue.h.
/// </summary>
internal readonly unsafe struct RxRing
{
    private readonly XskRing* _ring;

    public RxRing(XskRing* ring) => _ring = ring;

    public uint Size => _ring->Size;

    /// <summary>Claims up to <paramref name="max"/> received descriptors from <paramref name="index"/> on; returns
    /// how many (0 when none is waiting).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Peek(uint max, out uint index)
    {
        uint entries = _ring->CachedProd - _ring->CachedCons;
        if (entries == 0)
        {
            // Acquire, partner of the kernel's release store of the producer index ((B)-(C) in xsk_queue.h): every
            // descriptor below the index is completely written before we read it.
            _ring->CachedProd = Volatile.Read(ref *_ring->Producer);
            entries = _ring->CachedProd - _ring->CachedCons;
        }
        if (entries > max)
            entries = max;
        index = _ring->CachedCons;
        _ring->CachedCons += entries;
        return entries;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly XdpDesc Descriptor(uint index) => ref ((XdpDesc*)_ring->Ring)[index & _ring->Mask];

    /// <summary>Gives back the last <paramref name="count"/> peeked descriptors unread: the next peek returns them again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Cancel(uint count) => _ring->CachedCons -= count;

    /// <summary>Hands <paramref name="count"/> consumed descriptors' slots back to the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(uint count)
    {
        // Release, partner of the kernel's load of the consumer index before it writes slots ((D)-(A) in
        // xsk_queue.h): our reads of the descriptors complete before the kernel may overwrite their slots. Only this
        // thread writes the consumer index, so the plain read of it is exact.
        Volatile.Write(ref *_ring->Consumer, *_ring->Consumer + count);
    }
}
