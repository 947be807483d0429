namespace Probe.Pcap.Tests;

/// <summary>Builds pcapng files block by block; each section may have its own byte order.</summary>
internal sealed class PcapNgFileBuilder
{
    public const uint ShbType = 0x0A0D0D0A;
    public const uint IdbType = 1;
    public const uint PbType = 2;
    public const uint SpbType = 3;
    public const uint NrbType = 4;
    public const uint IsbType = 5;
    public const uint EpbType = 6;
    public const uint DsbType = 10;
    public const uint CustomType = 0x00000BAD;

    private readonly EndianWriter _out = new();

    public PcapNgFileBuilder(bool bigEndian = false, ushort major = 1, ushort minor = 0)
    {
        Section(bigEndian, major, minor);
    }

    public long Position => _out.Length;

    /// <summary>An option: code, length, value padded to 4 bytes.</summary>
    public static byte[] Option(ushort code, ReadOnlySpan<byte> value, bool bigEndian)
    {
        var w = new EndianWriter { BigEndian = bigEndian };
        w.U16(code).U16((ushort)value.Length).Bytes(value).Bytes(new byte[Pad(value.Length) - value.Length]);
        return w.ToArray();
    }

    public static int Pad(int length) => (length + 3) & ~3;

    public PcapNgFileBuilder Section(bool bigEndian, ushort major = 1, ushort minor = 0, byte[]? options = null)
    {
        _out.BigEndian = bigEndian;
        var body = new EndianWriter { BigEndian = bigEndian };
        body.U32(0x1A2B3C4D).U16(major).U16(minor).U64(ulong.MaxValue).Bytes(options ?? []);
        return Block(ShbType, body.ToArray());
    }

    /// <summary>An IDB; <paramref name="tsresol"/> / <paramref name="tsoffset"/> become options when given.</summary>
    public PcapNgFileBuilder Interface(ushort linkType, uint snapLength, byte? tsresol = null, ulong? tsoffset = null, byte[]? extraOptions = null)
    {
        var body = Body().U16(linkType).U16(0).U32(snapLength);
        body.Bytes(Option(2, "eth0"u8, _out.BigEndian)); // if_name, ignored by libpcap
        if (tsresol is byte resolution)
        {
            body.Bytes(Option(9, [resolution], _out.BigEndian));
        }

        if (tsoffset is ulong offset)
        {
            body.Bytes(Option(14, Body().U64(offset).ToArray(), _out.BigEndian));
        }

        body.Bytes(extraOptions ?? []);
        body.U32(0); // opt_endofopt
        return Block(IdbType, body.ToArray());
    }

    /// <summary>An EPB carrying exactly <paramref name="data"/> whatever <paramref name="caplen"/> says.</summary>
    public PcapNgFileBuilder Enhanced(uint interfaceId, ulong ticks, uint caplen, uint wireLength, ReadOnlySpan<byte> data)
    {
        var body = Body().U32(interfaceId).U32((uint)(ticks >> 32)).U32((uint)ticks).U32(caplen).U32(wireLength);
        body.Bytes(data).Bytes(new byte[Pad(data.Length) - data.Length]);
        body.Bytes(Option(1, "comment"u8, _out.BigEndian)).U32(0);
        return Block(EpbType, body.ToArray());
    }

    public PcapNgFileBuilder Packet(uint interfaceId, ulong ticks, int length, uint? wireLength = null) =>
        Enhanced(interfaceId, ticks, (uint)length, wireLength ?? (uint)length, PcapFileBuilder.Pattern(length, (uint)ticks));

    public PcapNgFileBuilder Simple(uint wireLength, ReadOnlySpan<byte> data)
    {
        var body = Body().U32(wireLength).Bytes(data).Bytes(new byte[Pad(data.Length) - data.Length]);
        return Block(SpbType, body.ToArray());
    }

    public PcapNgFileBuilder Obsolete(ushort interfaceId, ulong ticks, uint caplen, uint wireLength, ReadOnlySpan<byte> data)
    {
        var body = Body().U16(interfaceId).U16(0).U32((uint)(ticks >> 32)).U32((uint)ticks).U32(caplen).U32(wireLength);
        body.Bytes(data).Bytes(new byte[Pad(data.Length) - data.Length]);
        return Block(PbType, body.ToArray());
    }

    /// <summary>Any block: type, body, and optionally wrong lengths in the header or the trailer.</summary>
    public PcapNgFileBuilder Block(uint type, ReadOnlySpan<byte> body, uint? headerLength = null, uint? trailerLength = null)
    {
        uint total = (uint)(12 + body.Length);
        _out.U32(type).U32(headerLength ?? total).Bytes(body).U32(trailerLength ?? total);
        return this;
    }

    public PcapNgFileBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Bytes(bytes);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    /// <summary>A writer in the current section's byte order, for block bodies.</summary>
    public EndianWriter Body() => new() { BigEndian = _out.BigEndian };
}
