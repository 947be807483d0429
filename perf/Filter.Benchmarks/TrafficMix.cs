using System.Buffers.Binary;

namespace Probe.Filter.Benchmarks;

/// <summary>
/// A deterministic mix of Ethernet frames for the filters under test to accept and reject: pktgen-style
/// IPv4/UDP to port 9, IPv4 TCP (web and ssh), VLAN-tagged TCP, IPv6 TCP and UDP, ICMP and ARP, half the
/// IPv4 hosts in 10.0.0.0/8. Every engine sees the same frames in the same order.
/// </summary>
internal sealed class TrafficMix(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Writes the next frame into <paramref name="frame"/> and returns its length (captured = wire).</summary>
    public int Next(Span<byte> frame)
    {
        frame.Clear();
        int roll = _random.Next(100);
        return roll switch
        {
            < 35 => Ipv4(frame, vlan: false, protocol: 17, sourcePort: Port(), destinationPort: 9),
            < 55 => Ipv4(frame, vlan: false, protocol: 6, sourcePort: Port(), destinationPort: 80, reply: _random.Next(2) == 0),
            < 65 => Ipv4(frame, vlan: false, protocol: 6, sourcePort: Port(), destinationPort: 22, reply: _random.Next(2) == 0),
            < 75 => Ipv4(frame, vlan: true, protocol: 6, sourcePort: Port(), destinationPort: 80),
            < 85 => Ipv6(frame, nextHeader: 6, destinationPort: 443),
            < 90 => Ipv6(frame, nextHeader: 17, destinationPort: 53),
            < 95 => Ipv4(frame, vlan: false, protocol: 1, sourcePort: 0x0800, destinationPort: 0),
            _ => Arp(frame),
        };
    }

    /// <summary>The frame pktgen sends by default: 60 bytes (64 on the wire with the FCS), IPv4/UDP to the discard port 9.</summary>
    public int NextPktgen(Span<byte> frame)
    {
        frame.Clear();
        return Ipv4(frame, vlan: false, protocol: 17, sourcePort: 9, destinationPort: 9, fixedLength: true);
    }

    private ushort Port() => (ushort)_random.Next(1024, 65536);

    private int Ethernet(Span<byte> frame, bool vlan, ushort etherType)
    {
        _random.NextBytes(frame[..12]);
        frame[0] &= 0xfe; // unicast destination
        int offset = 12;
        if (vlan)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 2)..], (ushort)_random.Next(1, 4095));
            offset += 4;
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], etherType);
        return offset + 2;
    }

    private int Ipv4(Span<byte> frame, bool vlan, byte protocol, ushort sourcePort, ushort destinationPort, bool reply = false, bool fixedLength = false)
    {
        int ip = Ethernet(frame, vlan, 0x0800);
        int transport = ip + 20;
        int headers = transport + protocol switch { 6 => 20, 17 => 8, _ => 8 };
        int length = fixedLength ? 60 : Math.Max(60, headers + _random.Next(0, 3) * 18);
        frame[ip] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 2)..], (ushort)(length - ip));
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 6)..], 0x4000); // DF, not a fragment
        frame[ip + 8] = 64;
        frame[ip + 9] = protocol;
        Address(frame[(ip + 12)..]);
        Address(frame[(ip + 16)..]);
        (ushort from, ushort to) = reply ? (destinationPort, sourcePort) : (sourcePort, destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(frame[transport..], from);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(transport + 2)..], to);
        if (protocol == 6)
            frame[transport + 12] = 0x50;
        return length;
    }

    private void Address(Span<byte> address)
    {
        _random.NextBytes(address[..4]);
        if (_random.Next(2) == 0)
            address[0] = 10;
    }

    private int Ipv6(Span<byte> frame, byte nextHeader, ushort destinationPort)
    {
        int ip = Ethernet(frame, vlan: false, 0x86dd);
        int transport = ip + 40;
        int length = transport + (nextHeader == 6 ? 20 : 8) + _random.Next(0, 3) * 16;
        frame[ip] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(frame[(ip + 4)..], (ushort)(length - transport));
        frame[ip + 6] = nextHeader;
        frame[ip + 7] = 64;
        _random.NextBytes(frame.Slice(ip + 8, 32));
        BinaryPrimitives.WriteUInt16BigEndian(frame[transport..], Port());
        BinaryPrimitives.WriteUInt16BigEndian(frame[(transport + 2)..], destinationPort);
        if (nextHeader == 6)
            frame[transport + 12] = 0x50;
        return length;
    }

    private int Arp(Span<byte> frame)
    {
        int arp = Ethernet(frame, vlan: false, 0x0806);
        BinaryPrimitives.WriteUInt16BigEndian(frame[arp..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(arp + 2)..], 0x0800);
        frame[arp + 4] = 6;
        frame[arp + 5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame[(arp + 6)..], 1);
        _random.NextBytes(frame.Slice(arp + 8, 20));
        return 60;
    }
}
