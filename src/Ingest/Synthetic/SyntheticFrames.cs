using System.Buffers.Binary;

namespace Probe.Ingest.Synthetic;

/// <summary>
/// Deterministic Ethernet/IPv4 traffic for demos, tests and benchmarks: a mix of UDP to the discard port (9), DNS,
/// TCP to port 80 and a little IPv6 and VLAN-tagged traffic, over many flows so RSS spreads them across queues.
/// Frame i is a pure function of i, so a receiver can check what it got.
/// </summary>
public static class SyntheticFrames
{
    private static readonly int[] ImixSizes = [60, 60, 60, 60, 60, 60, 60, 590, 590, 590, 590, 1514];

    public static int SizeOf(long index, TrafficMix mix) => mix switch
    {
        TrafficMix.Small => 60,
        TrafficMix.Large => 1514,
        _ => ImixSizes[index % ImixSizes.Length],
    };

    /// <summary>Writes frame <paramref name="index"/> into <paramref name="frame"/> (its length picks the size).</summary>
    public static void Write(Span<byte> frame, long index)
    {
        frame.Clear();
        uint flow = (uint)(index * 2654435761L % 4096);
        // Ethernet: locally administered MACs that carry the flow number.
        ReadOnlySpan<byte> dst = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
        dst.CopyTo(frame);
        frame[6] = 0x02;
        BinaryPrimitives.WriteUInt32BigEndian(frame[8..], flow);
        int kind = (int)(index % 10);
        int l3 = 14;
        if (kind == 9)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x8100); // 802.1Q, VLAN 100
            BinaryPrimitives.WriteUInt16BigEndian(frame[14..], 100);
            l3 = 18;
        }
        if (kind == 8)
        {
            WriteIpv6Udp(frame, l3, flow);
            return;
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame[(l3 - 2)..], 0x0800);
        byte protocol = kind is 6 or 7 ? (byte)6 : (byte)17;
        int total = frame.Length - l3;
        Span<byte> ip = frame[l3..];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)total);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)index);
        ip[8] = 64;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], 0x0A000000 | flow);      // 10.0.x.y
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0xC0A80001 + flow % 16); // 192.168.0.1-16
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Ipv4Checksum(ip[..20]));
        Span<byte> l4 = ip[20..];
        ushort srcPort = (ushort)(1024 + flow);
        BinaryPrimitives.WriteUInt16BigEndian(l4, srcPort);
        if (protocol == 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(l4[2..], 80);
            BinaryPrimitives.WriteUInt32BigEndian(l4[4..], (uint)index);
            l4[12] = 0x50;          // data offset 5
            l4[13] = 0x18;          // PSH, ACK
            BinaryPrimitives.WriteUInt16BigEndian(l4[14..], 65535);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(l4[2..], kind == 5 ? (ushort)53 : (ushort)9);
            BinaryPrimitives.WriteUInt16BigEndian(l4[4..], (ushort)(total - 20));
        }
        WriteSequence(frame, l3 + 28, index);
    }

    private static void WriteIpv6Udp(Span<byte> frame, int l3, uint flow)
    {
        BinaryPrimitives.WriteUInt16BigEndian(frame[(l3 - 2)..], 0x86DD);
        Span<byte> ip = frame[l3..];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)(ip.Length - 40));
        ip[6] = 17;
        ip[7] = 64;
        ip[8] = 0xFD;
        BinaryPrimitives.WriteUInt32BigEndian(ip[20..], flow);
        ip[24] = 0xFD;
        ip[39] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(ip[40..], (ushort)(1024 + flow));
        BinaryPrimitives.WriteUInt16BigEndian(ip[42..], 9);
        BinaryPrimitives.WriteUInt16BigEndian(ip[44..], (ushort)(ip.Length - 40));
    }

    /// <summary>The frame number in the payload, where it fits, so receivers can check order and loss.</summary>
    private static void WriteSequence(Span<byte> frame, int offset, long index)
    {
        if (frame.Length >= offset + 8)
            BinaryPrimitives.WriteInt64BigEndian(frame[offset..], index);
    }

    private static ushort Ipv4Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
