using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Probe.Filter;

/// <summary>
/// The packets of one receive burst as <see cref="IPacketFilter.RunBurst"/> reads them: <see cref="Length"/>
/// records <see cref="Stride"/> bytes apart, each beginning with <see cref="PacketRef"/>'s three fields. Over
/// a span of <see cref="PacketRef"/> the stride is its size; <see cref="OverPrefix{T}"/> reads a source's own
/// array in place (the poll loop's RxPacket array), so no PacketRef copy is made per packet.
/// </summary>
public readonly ref struct PacketBurst
{
    private readonly ref readonly PacketRef _first;

    private PacketBurst(ref readonly PacketRef first, int stride, int length)
    {
        _first = ref first;
        Stride = stride;
        Length = length;
    }

    public PacketBurst(ReadOnlySpan<PacketRef> packets)
        : this(in MemoryMarshal.GetReference(packets), Unsafe.SizeOf<PacketRef>(), packets.Length)
    {
    }

    /// <summary>
    /// <paramref name="records"/> read as packets: the caller vouches that every <typeparamref name="T"/> begins
    /// with a <see cref="PacketRef"/>'s layout (data pointer, capture length, wire length), as a test of the
    /// caller's type must show.
    /// </summary>
    public static PacketBurst OverPrefix<T>(ReadOnlySpan<T> records) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() < Unsafe.SizeOf<PacketRef>())
            throw new ArgumentException($"{typeof(T).Name} ({Unsafe.SizeOf<T>()} bytes) is too small to begin with a PacketRef", nameof(records));
        ref readonly PacketRef first = ref Unsafe.As<T, PacketRef>(ref MemoryMarshal.GetReference(records));
        return new PacketBurst(in first, Unsafe.SizeOf<T>(), records.Length);
    }

    /// <summary>Bytes from one packet's record to the next.</summary>
    public int Stride { get; }

    public int Length { get; }

    public ref readonly PacketRef this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the burst has {Length} packets");
            return ref Unsafe.AddByteOffset(ref Unsafe.AsRef(in _first), (nint)index * Stride);
        }
    }

    /// <summary>The first record, for code that pins the burst (the compiled engine's generated loop).</summary>
    internal ref readonly PacketRef First => ref _first;

    public static implicit operator PacketBurst(ReadOnlySpan<PacketRef> packets) => new(packets);

    public static implicit operator PacketBurst(Span<PacketRef> packets) => new(packets);

    public static implicit operator PacketBurst(PacketRef[] packets) => new(packets);
}
