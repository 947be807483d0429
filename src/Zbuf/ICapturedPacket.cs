namespace Probe.Zbuf;

/// <summary>
/// What a descriptor needs of a received packet to write its record. Implemented by the rx sources' packet struct;
/// <see cref="ZbufDescriptor.AppendBurst{TPacket}"/> is generic over it so that the JIT specialises the loop for
/// that struct and the accessors become plain field loads.
/// </summary>
public interface ICapturedPacket
{
    /// <summary>Start of the packet bytes present.</summary>
    nint Data { get; }

    /// <summary>Bytes present at <see cref="Data"/>.</summary>
    uint CaptureLength { get; }

    /// <summary>Length on the wire (the record's datalen).</summary>
    uint WireLength { get; }

    long Seconds { get; }

    /// <summary>Sub-second part in nanoseconds.</summary>
    ulong Nanoseconds { get; }
}
