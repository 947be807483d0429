using System.Buffers.Binary;

namespace Probe.Pcap.Tests;

/// <summary>Appends integers in a chosen byte order; the synthetic-file builders are made of it.</summary>
internal sealed class EndianWriter
{
    private readonly MemoryStream _bytes = new();

    public bool BigEndian { get; set; }

    public long Length => _bytes.Length;

    public EndianWriter U8(byte value)
    {
        _bytes.WriteByte(value);
        return this;
    }

    public EndianWriter U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        _bytes.Write(b);
        return this;
    }

    public EndianWriter U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        _bytes.Write(b);
        return this;
    }

    public EndianWriter U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        }

        _bytes.Write(b);
        return this;
    }

    public EndianWriter Bytes(ReadOnlySpan<byte> value)
    {
        _bytes.Write(value);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}
