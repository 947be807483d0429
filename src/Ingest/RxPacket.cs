using Probe.Zbuf;

namespace Probe.Ingest;

/// <summary>
/// One received packet as every rx source hands it to the poll loop: a flat, blittable view of bytes the source
/// owns (an mbuf, a UMEM frame, a replay arena), valid until the source's next <see cref="IRxQueue.Receive"/>.
/// Its first three fields have <see cref="Probe.Filter.PacketRef"/>'s layout, so the filters read a burst in place
/// (<see cref="Probe.Filter.PacketBurst.OverPrefix{T}"/>; RxPacketLayoutTests), and the whole struct is the shim's
/// pdk_rx_pkt (AbiTests).
/// </summary>
public struct RxPacket : ICapturedPacket
{
    /// <summary>Start of the packet bytes present.</summary>
    public nint Data;
    /// <summary>Bytes present at <see cref="Data"/>.</summary>
    public uint CaptureLength;
    /// <summary>Length on the wire (BPF's len, the record's datalen).</summary>
    public uint WireLength;
    public long Seconds;
    /// <summary>Sub-second part in nanoseconds; not normalised (a replayed file's invalid fraction passes through).</summary>
    public ulong Nanoseconds;
    /// <summary>The NIC's RSS hash where the source has one, else 0.</summary>
    public uint RssHash;

    readonly nint ICapturedPacket.Data => Data;
    readonly uint ICapturedPacket.CaptureLength => CaptureLength;
    readonly uint ICapturedPacket.WireLength => WireLength;
    readonly long ICapturedPacket.Seconds => Seconds;
    readonly ulong ICapturedPacket.Nanoseconds => Nanoseconds;

    public readonly unsafe ReadOnlySpan<byte> Bytes => new((void*)Data, (int)CaptureLength);
}
