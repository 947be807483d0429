using System.Runtime.CompilerServices;

namespace Probe.Zbuf;

/// <summary>
/// The 64-bit FreeBSD bpf_xhdr that starts every record (protocol section 3), little-endian:
/// tstamp.sec int64 @0, tstamp.frac uint64 @8, caplen uint32 @16, datalen uint32 @20, hdrlen uint16 @24.
/// The microsecond bpf_hdr (two int64 then the same three fields) has the same layout.
/// </summary>
public static unsafe class RecordHeader
{
    public const int SecondsOffset = 0;
    public const int FractionOffset = 8;
    public const int CaptureLengthOffset = 16;
    public const int WireLengthOffset = 20;
    public const int HeaderLengthOffset = 24;
    /// <summary>SIZEOF_BPF_HDR: up to and including hdrlen, without the struct's tail padding.</summary>
    public const int Size = 26;
    public const int Alignment = 8;

    /// <summary>hdrlen = align8(linkhdrlen + 26) - linkhdrlen, so the network-layer header lands 8-byte aligned.</summary>
    public static int HeaderLengthFor(int linkHeaderLength) => Align(linkHeaderLength + Size) - linkHeaderLength;

    public static int Align(int offset) => (offset + (Alignment - 1)) & ~(Alignment - 1);

    public static byte* Align(byte* address) => (byte*)(((nint)address + (Alignment - 1)) & ~(nint)(Alignment - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // per captured packet, on the poll thread
    public static void Write(byte* record, long seconds, ulong fraction, uint captureLength, uint wireLength, ushort headerLength)
    {
        Unsafe.WriteUnaligned(record + SecondsOffset, seconds);
        Unsafe.WriteUnaligned(record + FractionOffset, fraction);
        Unsafe.WriteUnaligned(record + CaptureLengthOffset, captureLength);
        Unsafe.WriteUnaligned(record + WireLengthOffset, wireLength);
        Unsafe.WriteUnaligned(record + HeaderLengthOffset, headerLength);
    }
}
