using System.Buffers.Binary;
using Probe.Pcap;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// Capture files of frames that each say who sent them and in which order: Ethernet/IPv4/UDP with a sender tag and
/// a sequence number at the start of the payload, lengths varying with the sequence, flows (source ports) cycling.
/// </summary>
public static class TestFrames
{
    public const int TagOffset = 42;

    /// <param name="tag">sender tag, in the first payload byte</param>
    /// <param name="count">frames</param>
    /// <param name="minLength">shortest frame</param>
    /// <param name="maxLength">longest frame</param>
    /// <param name="flows">distinct UDP source ports</param>
    public static string Write(string directory, byte tag, int count, int minLength = 60, int maxLength = 1514, int flows = 64)
    {
        string path = Path.Combine(directory, $"frames-{tag}-{count}-{minLength}-{maxLength}.pcap");
        using var writer = new PcapFileWriter(File.Create(path), new CaptureFileWriterOptions { LinkType = 1, SnapLength = 262144 });
        var random = new Random(tag * 7919 + count);
        for (int seq = 0; seq < count; seq++)
        {
            int length = minLength + random.Next(maxLength - minLength + 1);
            byte[] frame = Frame(tag, seq, length, flows);
            writer.Write(seq / 1000, (ulong)(seq % 1000) * 1_000_000, (uint)frame.Length, frame);
        }
        return path;
    }

    public static byte[] Frame(byte tag, int seq, int length, int flows)
    {
        var f = new byte[length];
        ReadOnlySpan<byte> dst = [0x02, 0, 0, 0, 0, 0x02];
        ReadOnlySpan<byte> src = [0x02, 0, 0, 0, 0, 0x01];
        dst.CopyTo(f);
        src.CopyTo(f.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        Span<byte> ip = f.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(length - 14));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)seq);
        ip[8] = 64;
        ip[9] = 17;
        ReadOnlySpan<byte> from = [10, 99, 0, 1];
        ReadOnlySpan<byte> to = [10, 99, 0, 2];
        from.CopyTo(ip[12..]);
        to.CopyTo(ip[16..]);
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        Span<byte> udp = f.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)(10000 + seq % flows));
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 9);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(length - 34));
        f[TagOffset] = tag;
        BinaryPrimitives.WriteInt32BigEndian(f.AsSpan(TagOffset + 1), seq);
        for (int i = TagOffset + 5; i < length; i++)
            f[i] = (byte)(seq * 31 + i);
        return f;
    }

    public static (byte Tag, int Seq) Identify(ReadOnlySpan<byte> frame) =>
        (frame[TagOffset], BinaryPrimitives.ReadInt32BigEndian(frame[(TagOffset + 1)..]));
}
