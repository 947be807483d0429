using System.Buffers.Binary;

namespace Probe.Pcap.Internal;

/// <summary>
/// pcapng, as libpcap 1.10.3's sf-pcapng.c reads it: packets from EPB, SPB and the obsolete PB; IDBs and SHBs
/// tracked; every other block skipped. Like libpcap, it refuses a file whose interfaces differ in link type or snapshot
/// length, and a later section in the other byte order.
/// </summary>
internal sealed class PcapNgReader : PcapFileReader
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint InterfaceDescriptionType = 0x00000001;
    private const uint PacketType = 0x00000002;
    private const uint SimplePacketType = 0x00000003;
    private const uint EnhancedPacketType = 0x00000006;

    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint SectionHeaderInsaneMaximum = 1024 * 1024;
    private const int SectionHeaderMinimum = 8 + 16 + 4;
    private const uint InitialMaximumBlockSize = 16 * 1024 * 1024;
    private const int BlockHeaderLength = 8;
    private const int BlockOverhead = 12;

    private readonly bool _bigEndian;
    private readonly uint _maximumBlockSize;
    private readonly bool _postProcess;
    private PcapNgInterface[] _interfaces = new PcapNgInterface[4];
    private int _interfaceCount;

    private PcapNgReader(Stream stream, bool leaveOpen, string fileName, BufferedInput input, bool bigEndian, uint sectionLength)
        : base(stream, leaveOpen, fileName, input)
    {
        _bigEndian = bigEndian;
        bool swapped = BitConverter.IsLittleEndian == bigEndian;

        if (sectionLength < SectionHeaderMinimum || sectionLength > SectionHeaderInsaneMaximum)
        {
            throw Error(0, $"Section Header Block in pcapng dump file has invalid length {SectionHeaderMinimum} < _{sectionLength}_ < {SectionHeaderInsaneMaximum} (BT_SHB_INSANE_MAX)");
        }

        int got = input.Ensure((int)sectionLength);
        if (got < (int)sectionLength)
        {
            throw Error(0, $"truncated pcapng dump file; tried to read {sectionLength - 12} bytes, only got {got - 12}");
        }

        ReadOnlySpan<byte> shb = input.Buffer.AsSpan(input.Start, (int)sectionLength);
        ushort major = ReadUInt16(shb[12..], bigEndian);
        ushort minor = ReadUInt16(shb[14..], bigEndian);

        // 1.2 is written by some tools and read as 1.0. libpcap checks neither the trailer nor the options here.
        if (!(major == 1 && (minor == 0 || minor == 2)))
        {
            throw Error(0, $"unsupported pcapng savefile version {major}.{minor}");
        }

        input.Advance((int)sectionLength);

        // Blocks before the first IDB are skipped, a second SHB included; a packet there has no link type yet.
        _maximumBlockSize = InitialMaximumBlockSize;
        while (true)
        {
            if (!ReadBlock(out Block block))
            {
                throw Error(input.Position, "the capture file has no Interface Description Blocks");
            }

            if (block.Type == InterfaceDescriptionType)
            {
                ReadOnlySpan<byte> body = block.Body(input.Buffer);
                if (body.Length < 8)
                {
                    throw Error(block.Offset, TooShort(block.Type));
                }

                ushort linkType = ReadUInt16(body, bigEndian);
                uint snapLength = ReadUInt32(body[4..], bigEndian);
                AddInterface(block, snapLength, body[8..]);

                int dlt = LinkTypeMap.LinkTypeToDlt(linkType);
                Format = CaptureFileFormat.PcapNg;
                LinkType = linkType;
                LinkTypeExtension = 0;
                DataLink = dlt;
                SnapLength = SnapshotLength.Adjust(dlt, snapLength);
                IsNanosecond = _interfaces[0].Resolution > 1_000_000;
                IsSwapped = swapped;
                VersionMajor = major;
                VersionMinor = minor;

                // Room for an EPB carrying the link type's largest packet plus 128 KiB of options.
                uint largest = BlockHeaderLength + 20 + SnapshotLength.MaximumForDlt(dlt) + 131072 + 4;
                _maximumBlockSize = Math.Max(InitialMaximumBlockSize, largest);
                _postProcess = PseudoHeaderFixup.IsNeeded(dlt, swapped);
                return;
            }

            if (block.Type is EnhancedPacketType or SimplePacketType or PacketType)
            {
                throw Error(block.Offset, "the capture file has a packet block before any Interface Description Blocks");
            }
        }
    }

    public static bool IsSectionHeaderType(uint hostOrderValue) => hostOrderValue == SectionHeaderType;

    /// <summary>
    /// Returns null when the first bytes are not a Section Header Block (libpcap then reports "unknown file format"),
    /// throws when they are one that libpcap refuses, and otherwise a reader positioned after the first IDB.
    /// </summary>
    public static PcapNgReader? TryOpen(Stream stream, bool leaveOpen, string fileName, BufferedInput input)
    {
        // Block type (a palindrome), total length, byte-order magic: a shorter file may be some text file.
        if (input.Ensure(12) < 12)
        {
            return null;
        }

        ReadOnlySpan<byte> start = input.Buffer.AsSpan(input.Start, 12);
        bool bigEndian;
        if (BinaryPrimitives.ReadUInt32LittleEndian(start[8..]) == ByteOrderMagic)
        {
            bigEndian = false;
        }
        else if (BinaryPrimitives.ReadUInt32BigEndian(start[8..]) == ByteOrderMagic)
        {
            bigEndian = true;
        }
        else
        {
            return null;
        }

        return new PcapNgReader(stream, leaveOpen, fileName, input, bigEndian, ReadUInt32(start[4..], bigEndian));
    }

    internal static string TooShort(uint blockType) => $"block of type {blockType} in pcapng dump file is too short";

    internal static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    internal static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    internal static ulong ReadUInt64(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    private protected override bool ReadNext(out PcapRecord record)
    {
        byte[] buffer;
        Block block;
        uint interfaceId;
        uint caplen;
        uint wireLength;
        ulong ticks;
        int bodyUsed;

        while (true)
        {
            if (!ReadBlock(out block))
            {
                record = default;
                return false;
            }

            buffer = Input.Buffer;
            ReadOnlySpan<byte> body = block.Body(buffer);
            switch (block.Type)
            {
                case EnhancedPacketType:
                    if (body.Length < 20)
                    {
                        throw Error(block.Offset, TooShort(block.Type));
                    }

                    interfaceId = ReadUInt32(body, _bigEndian);
                    ticks = ((ulong)ReadUInt32(body[4..], _bigEndian) << 32) | ReadUInt32(body[8..], _bigEndian);
                    caplen = ReadUInt32(body[12..], _bigEndian);
                    wireLength = ReadUInt32(body[16..], _bigEndian);
                    bodyUsed = 20;
                    goto Found;

                case SimplePacketType:
                    if (body.Length < 4)
                    {
                        throw Error(block.Offset, TooShort(block.Type));
                    }

                    // No captured length and no time stamp: the first interface, min(len, snapshot), time 0.
                    interfaceId = 0;
                    wireLength = ReadUInt32(body, _bigEndian);
                    caplen = Math.Min(wireLength, (uint)SnapLength);
                    ticks = 0;
                    bodyUsed = 4;
                    goto Found;

                case PacketType:
                    if (body.Length < 20)
                    {
                        throw Error(block.Offset, TooShort(block.Type));
                    }

                    // 16-bit interface id, 16-bit drop count (ignored), then as the EPB.
                    interfaceId = ReadUInt16(body, _bigEndian);
                    ticks = ((ulong)ReadUInt32(body[4..], _bigEndian) << 32) | ReadUInt32(body[8..], _bigEndian);
                    caplen = ReadUInt32(body[12..], _bigEndian);
                    wireLength = ReadUInt32(body[16..], _bigEndian);
                    bodyUsed = 20;
                    goto Found;

                case InterfaceDescriptionType:
                    ReadLaterInterface(block, body);
                    break;

                case SectionHeaderType:
                    ReadLaterSection(block, body);
                    break;
            }
        }

    Found:
        if (interfaceId >= (uint)_interfaceCount)
        {
            throw Error(block.Offset, $"a packet arrived on interface {interfaceId}, but there's no Interface Description Block for that interface");
        }

        // Unlike pcap files, pcapng records longer than the snapshot length are refused, not cut.
        if (caplen > (uint)SnapLength)
        {
            throw Error(block.Offset, $"invalid packet capture length {caplen}, bigger than snaplen of {SnapLength}");
        }

        _interfaces[interfaceId].Convert(ticks, out long seconds, out ulong nanoseconds, out ulong microseconds);

        if (block.BodyLength - bodyUsed < caplen)
        {
            throw Error(block.Offset, TooShort(block.Type));
        }

        int dataOffset = block.BodyStart + bodyUsed;
        if (_postProcess)
        {
            PseudoHeaderFixup.Apply(DataLink, IsSwapped, buffer.AsSpan(dataOffset, (int)caplen), ref wireLength);
        }

        record = MakeRecord(dataOffset, (int)caplen, wireLength, seconds, nanoseconds, microseconds, (int)interfaceId);
        return true;
    }

    private void ReadLaterInterface(Block block, ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw Error(block.Offset, TooShort(block.Type));
        }

        ushort linkType = ReadUInt16(body, _bigEndian);
        uint snapLength = ReadUInt32(body[4..], _bigEndian);

        // libpcap compares the first interface's DLT_ with this IDB's raw LINKTYPE_, so a second LINKTYPE_RAW (101,
        // DLT_RAW 12 on Linux) interface is refused too; reproduced on purpose.
        if (DataLink != linkType)
        {
            throw Error(block.Offset, $"an interface has a type {linkType} different from the type of the first interface");
        }

        if (SnapLength != SnapshotLength.Adjust(DataLink, snapLength))
        {
            throw Error(block.Offset, $"an interface has a snapshot length {snapLength} different from the snapshot length of the first interface");
        }

        AddInterface(block, snapLength, body[8..]);
    }

    private void ReadLaterSection(Block block, ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            throw Error(block.Offset, TooShort(block.Type));
        }

        // Read in the first section's byte order: a section in the other order shows up as a swapped magic.
        uint magic = ReadUInt32(body, _bigEndian);
        if (magic != ByteOrderMagic)
        {
            throw Error(block.Offset, magic == BinaryPrimitives.ReverseEndianness(ByteOrderMagic)
                ? "the file has sections with different byte orders"
                : "the file has a section with a bad byte order magic field");
        }

        ushort major = ReadUInt16(body[4..], _bigEndian);
        if (major != 1)
        {
            throw Error(block.Offset, $"unknown pcapng savefile major version number {major}");
        }

        // A new section brings its own IDBs; interface ids start again at 0.
        _interfaceCount = 0;
    }

    private void AddInterface(Block block, uint snapLength, ReadOnlySpan<byte> options)
    {
        PcapNgInterface? parsed = PcapNgInterface.Parse(snapLength, options, _bigEndian, out string? error);
        if (parsed is null)
        {
            throw Error(block.Offset, error!);
        }

        if (_interfaceCount == _interfaces.Length)
        {
            Array.Resize(ref _interfaces, _interfaces.Length * 2);
        }

        _interfaces[_interfaceCount++] = parsed.Value;
    }

    /// <summary>
    /// libpcap's read_block(): returns false at a clean end of file; otherwise the block, whose bytes stay valid in
    /// the input buffer until the next read (the input has already been advanced past it).
    /// </summary>
    private bool ReadBlock(out Block block)
    {
        BufferedInput input = Input;
        long offset = input.Position;
        int got = input.Ensure(BlockHeaderLength);
        if (got < BlockHeaderLength)
        {
            if (got == 0)
            {
                block = default;
                return false;
            }

            throw Error(offset, $"truncated pcapng dump file; tried to read {BlockHeaderLength} bytes, only got {got}");
        }

        ReadOnlySpan<byte> header = input.Buffer.AsSpan(input.Start, BlockHeaderLength);
        uint type = ReadUInt32(header, _bigEndian);
        uint totalLength = ReadUInt32(header[4..], _bigEndian);
        if (totalLength < BlockOverhead)
        {
            throw Error(offset, $"block in pcapng dump file has a length of {totalLength} < {BlockOverhead}");
        }

        if (totalLength % 4 != 0)
        {
            throw Error(offset, $"block in pcapng dump file has a length of {totalLength} that is not a multiple of 4");
        }

        if (totalLength > _maximumBlockSize)
        {
            throw Error(offset, $"pcapng block size {totalLength} > maximum {_maximumBlockSize}");
        }

        got = input.Ensure((int)totalLength);
        if (got < (int)totalLength)
        {
            throw Error(offset, $"truncated pcapng dump file; tried to read {totalLength - BlockHeaderLength} bytes, only got {got - BlockHeaderLength}");
        }

        int start = input.Start;
        uint trailer = ReadUInt32(input.Buffer.AsSpan(start + (int)totalLength - 4), _bigEndian);
        if (trailer != totalLength)
        {
            throw Error(offset, "block total length in header and trailer don't match");
        }

        input.Advance((int)totalLength);
        block = new Block(type, offset, start + BlockHeaderLength, (int)totalLength - BlockOverhead);
        return true;
    }

    private readonly record struct Block(uint Type, long Offset, int BodyStart, int BodyLength)
    {
        public ReadOnlySpan<byte> Body(byte[] buffer) => buffer.AsSpan(BodyStart, BodyLength);
    }
}
