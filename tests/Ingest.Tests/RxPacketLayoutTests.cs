using Probe.Filter;

namespace Probe.Ingest.Tests;

/// <summary>
/// The poll loop hands its RxPacket array to the filters in place (PacketBurst.OverPrefix): every RxPacket must
/// read as the PacketRef a filter expects, packet after packet.
/// </summary>
public class RxPacketLayoutTests
{
    [Fact]
    public unsafe void Every_rx_packet_of_a_burst_reads_as_its_packet_ref()
    {
        var packets = new RxPacket[5];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = new RxPacket
            {
                Data = (nint)(0x7f00_0000_1000 + i * 0x800),
                CaptureLength = (uint)(60 + i),
                WireLength = (uint)(1514 - i),
                Seconds = 1_700_000_000 + i,
                Nanoseconds = (ulong)(999_999_000 + i),
                RssHash = 0xdead_0000u + (uint)i,
            };
        }

        PacketBurst burst = PacketBurst.OverPrefix<RxPacket>(packets);

        Assert.Equal(packets.Length, burst.Length);
        Assert.Equal(sizeof(RxPacket), burst.Stride);
        for (int i = 0; i < packets.Length; i++)
        {
            Assert.Equal(packets[i].Data, (nint)burst[i].Data);
            Assert.Equal(packets[i].CaptureLength, burst[i].CaptureLength);
            Assert.Equal(packets[i].WireLength, burst[i].WireLength);
        }
    }
}
