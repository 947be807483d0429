using System.Buffers.Binary;

namespace Probe.Pcap.Internal;

/// <summary>The classic pcap savefile, as libpcap 1.10.3's sf-pcap.c reads it.</summary>
internal sealed class PcapSavefileReader : PcapFileReader
{
    public const uint MicrosecondMagic = 0xA1B2C3D4;
    public const uint NanosecondMagic = 0xA1B23C4D;

    // Alexey Kuznetzov's patched format: 24-byte record headers (ifindex, protocol, packet type after the lengths).
    public const uint KuznetzovMagic = 0xA1B2CD34;

    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int PatchedRecordHeaderLength = 24;
    private const int DltEn10Mb = 1;
    private const int EthernetHeaderLength = 14;

    // Versions before 2.3 stored len before caplen; 2.3 files exist in both orders; DG/UX's 543.0 uses the old order.
    private enum LengthOrder
    {
        NotSwapped,
        Swapped,
        MaybeSwapped,
    }

    private readonly bool _bigEndian;
    private readonly bool _nanosecondFile;
    private readonly int _recordHeaderLength;
    private readonly LengthOrder _lengthOrder;
    private readonly uint _maximumCaptureLength;
    private readonly bool _postProcess;

    public PcapSavefileReader(Stream stream, bool leaveOpen, string fileName, BufferedInput input)
        : base(stream, leaveOpen, fileName, input)
    {
        uint hostMagic = BitConverter.ToUInt32(input.Buffer, input.Start);
        uint magic = IsHostOrderMagic(hostMagic) ? hostMagic : BinaryPrimitives.ReverseEndianness(hostMagic);
        bool swapped = magic != hostMagic;
        _bigEndian = BitConverter.IsLittleEndian == swapped;

        int got = input.Ensure(FileHeaderLength);
        if (got < FileHeaderLength)
        {
            // libpcap counts only the bytes after the magic it had already read.
            throw Error(0, $"truncated dump file; tried to read {FileHeaderLength} file header bytes, only got {got - 4}");
        }

        ReadOnlySpan<byte> header = input.Buffer.AsSpan(input.Start, FileHeaderLength);
        ushort versionMajor = ReadUInt16(header[4..]);
        ushort versionMinor = ReadUInt16(header[6..]);
        uint snapLength = ReadUInt32(header[16..]);
        uint linkTypeField = ReadUInt32(header[20..]);

        if (versionMajor < 2)
        {
            throw Error(0, "archaic pcap savefile format");
        }

        if (!((versionMajor == 2 && versionMinor <= 4) || (versionMajor == 543 && versionMinor == 0)))
        {
            throw Error(0, $"unsupported pcap savefile version {versionMajor}.{versionMinor}");
        }

        input.Advance(FileHeaderLength);

        // LT_LINKTYPE / LT_LINKTYPE_EXT of libpcap 1.10.3: the low 26 bits are the type, the top 6 the extension.
        int linkType = (int)(linkTypeField & 0x03FFFFFF);
        int dlt = LinkTypeMap.LinkTypeToDlt(linkType);
        int snapshot = SnapshotLength.Adjust(dlt, snapLength);

        _recordHeaderLength = RecordHeaderLength;
        if (magic == KuznetzovMagic)
        {
            _recordHeaderLength = PatchedRecordHeaderLength;

            // Such captures may have been made in cooked mode with a faked 14-byte Ethernet header added after the
            // snapshot cut; libpcap allows for it (without passing INT_MAX).
            if (dlt == DltEn10Mb)
            {
                snapshot = snapshot <= int.MaxValue - EthernetHeaderLength ? snapshot + EthernetHeaderLength : int.MaxValue;
            }
        }

        _lengthOrder = versionMajor switch
        {
            2 when versionMinor < 3 => LengthOrder.Swapped,
            2 when versionMinor == 3 => LengthOrder.MaybeSwapped,
            543 => LengthOrder.Swapped,
            _ => LengthOrder.NotSwapped,
        };

        _nanosecondFile = magic == NanosecondMagic;
        _maximumCaptureLength = SnapshotLength.MaximumForDlt(dlt);
        _postProcess = PseudoHeaderFixup.IsNeeded(dlt, swapped);

        Format = CaptureFileFormat.Pcap;
        LinkType = linkType;
        LinkTypeExtension = linkTypeField & 0xFC000000;
        DataLink = dlt;
        SnapLength = snapshot;
        IsNanosecond = _nanosecondFile;
        IsSwapped = swapped;
        VersionMajor = versionMajor;
        VersionMinor = versionMinor;
    }

    public static bool IsPcapMagic(uint hostOrderValue) =>
        IsHostOrderMagic(hostOrderValue) || IsHostOrderMagic(BinaryPrimitives.ReverseEndianness(hostOrderValue));

    private static bool IsHostOrderMagic(uint value) =>
        value is MicrosecondMagic or NanosecondMagic or KuznetzovMagic;

    private protected override bool ReadNext(out PcapRecord record)
    {
        BufferedInput input = Input;
        long recordOffset = input.Position;
        int got = input.Ensure(_recordHeaderLength);
        if (got < _recordHeaderLength)
        {
            if (got == 0)
            {
                record = default;
                return false;
            }

            throw Error(recordOffset, $"truncated dump file; tried to read {_recordHeaderLength} header bytes, only got {got}");
        }

        ReadOnlySpan<byte> header = input.Buffer.AsSpan(input.Start, RecordHeaderLength);
        uint seconds = ReadUInt32(header);
        uint fraction = ReadUInt32(header[4..]);
        uint caplen = ReadUInt32(header[8..]);
        uint wireLength = ReadUInt32(header[12..]);

        if (_lengthOrder == LengthOrder.Swapped || (_lengthOrder == LengthOrder.MaybeSwapped && caplen > wireLength))
        {
            (caplen, wireLength) = (wireLength, caplen);
        }

        int snapshot = SnapLength;
        if (caplen > _maximumCaptureLength)
        {
            // A damaged or fuzzed file: libpcap refuses rather than allocate for it.
            throw Error(recordOffset, caplen > (uint)snapshot
                ? $"invalid packet capture length {caplen}, bigger than snaplen of {snapshot}"
                : $"invalid packet capture length {caplen}, bigger than maximum of {_maximumCaptureLength}");
        }

        // A record longer than the snapshot length is cut to it and the rest skipped, so that no caller ever sees
        // more than the snapshot length (libpcap's defence against Solaris bufmod and fuzzed files).
        int delivered = caplen > (uint)snapshot ? snapshot : (int)caplen;
        int recordLength = _recordHeaderLength + (int)caplen;
        got = input.Ensure(recordLength) - _recordHeaderLength;
        if (got < (int)caplen)
        {
            throw Error(recordOffset, got < delivered
                ? $"truncated dump file; tried to read {delivered} captured bytes, only got {got}"
                : $"truncated dump file; tried to read {caplen} captured bytes, only got {got}");
        }

        int dataOffset = input.Start + _recordHeaderLength;
        input.Advance(recordLength);

        if (_postProcess)
        {
            PseudoHeaderFixup.Apply(DataLink, IsSwapped, input.Buffer.AsSpan(dataOffset, delivered), ref wireLength);
        }

        // libpcap scales a microsecond file up (x1000) or a nanosecond file down (/1000) to the requested precision;
        // both values are kept so that either output precision reproduces libpcap's. Scaling down divides libpcap's
        // time field, which is a signed 32-bit int in a host-order file but an unsigned value after byte-swapping
        // (its SWAPLONG yields u_int): a garbage fraction of 2^31 or more divides differently in the two cases, and
        // the low 32 bits that any writer stores then match what tcpdump writes.
        ulong nanoseconds = _nanosecondFile ? fraction : fraction * 1000UL;
        ulong microseconds = !_nanosecondFile ? fraction
            : IsSwapped ? fraction / 1000U
            : unchecked((ulong)(long)((int)fraction / 1000));
        record = MakeRecord(dataOffset, delivered, wireLength, seconds, nanoseconds, microseconds, interfaceId: 0);
        return true;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
