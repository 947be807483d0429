using System.Buffers.Binary;

namespace Probe.Zbuf.Tests;

/// <summary>
/// The packets of the stress test, shared by its producer and its out-of-process consumer: each carries its
/// sequence number, and every other byte, its length and its timestamp are functions of that number, so the
/// consumer can tell an intact packet from a torn or foreign one.
/// </summary>
public static class StressPacket
{
    public static int LengthOf(ulong seq, int maxLength) => 8 + (int)((seq * 2654435761UL) % (ulong)(maxLength - 7));

    public static long SecondsOf(ulong seq) => (long)(seq / 3);

    public static ulong NanosOf(ulong seq) => seq * 7919 % 1_000_000_000;

    /// <summary>The filter used by the test: rejects one sequence number in five.</summary>
    public static bool IsAccepted(ulong seq) => seq % 5 != 4;

    public static void Fill(Span<byte> packet, ulong seq)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(packet, seq);
        for (int i = 8; i < packet.Length; i++)
            packet[i] = (byte)(seq * 31 + (ulong)i);
    }

    public static bool IsIntact(ReadOnlySpan<byte> packet, out ulong seq)
    {
        seq = packet.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(packet) : ulong.MaxValue;
        for (int i = 8; i < packet.Length; i++)
            if (packet[i] != (byte)(seq * 31 + (ulong)i))
                return false;
        return packet.Length >= 8;
    }

    /// <summary>An order-independent digest of a set of sequence numbers (count is checked separately).</summary>
    public static (ulong Sum, ulong Mixed) Digest(ulong seq) => (seq, Mix(seq));

    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        return x ^ (x >> 33);
    }

    /// <summary>FNV-1a over a buffer's record bytes: taken when the consumer acquires a buffer and again just
    /// before it acknowledges it; any difference means the producer wrote into a consumer-owned buffer.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
