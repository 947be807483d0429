namespace Probe.Pcap.Tests;

/// <summary>Builds classic pcap files of any byte order, magic, version and header values, well-formed or not.</summary>
internal sealed class PcapFileBuilder
{
    public const uint MicroMagic = 0xA1B2C3D4;
    public const uint NanoMagic = 0xA1B23C4D;
    public const uint KuznetzovMagic = 0xA1B2CD34;

    private readonly EndianWriter _out = new();
    private readonly bool _patchedHeaders;

    public PcapFileBuilder(
        uint magic = MicroMagic,
        bool bigEndian = false,
        ushort versionMajor = 2,
        ushort versionMinor = 4,
        uint snapLength = 65535,
        uint linkType = 1)
    {
        _out.BigEndian = bigEndian;
        _patchedHeaders = magic == KuznetzovMagic;
        _out.U32(magic).U16(versionMajor).U16(versionMinor).U32(0).U32(0).U32(snapLength).U32(linkType);
    }

    /// <summary>Byte offset the next record will start at.</summary>
    public long Position => _out.Length;

    /// <summary>A record whose header says <paramref name="caplen"/> and which carries exactly <paramref name="data"/>.</summary>
    public PcapFileBuilder Record(uint seconds, uint fraction, uint caplen, uint wireLength, ReadOnlySpan<byte> data)
    {
        _out.U32(seconds).U32(fraction).U32(caplen).U32(wireLength);
        if (_patchedHeaders)
        {
            _out.U32(7).U16(0x0800).U8(0).U8(0); // ifindex, protocol, pkt_type, padding
        }

        _out.Bytes(data);
        return this;
    }

    /// <summary>A well-formed record with <paramref name="length"/> bytes of patterned data.</summary>
    public PcapFileBuilder Packet(uint seconds, uint fraction, int length, uint? wireLength = null) =>
        Record(seconds, fraction, (uint)length, wireLength ?? (uint)length, Pattern(length, seconds));

    public PcapFileBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Bytes(bytes);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    public static byte[] Pattern(int length, uint seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 7) + seed);
        }

        return data;
    }
}
