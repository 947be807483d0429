using System.Runtime.InteropServices;

namespace Probe.Pcap.Internal;

/// <summary>
/// libpcap 1.10.3's pcap_post_process(): pseudo-headers that were written in the capturing host's byte order are
/// converted to this host's order when the file's byte order differs, and the on-the-wire length of Linux USB
/// memory-mapped isochronous completions is recomputed. tcpdump -w writes the result, so a byte-identical copy needs it.
/// Every check mirrors libpcap's bounds checks exactly: a field is converted only when caplen (and for most types len)
/// covers it.
/// </summary>
internal static class PseudoHeaderFixup
{
    private const int DltLinuxSll = 113;
    private const int DltPflog = 117;
    private const int DltUsbLinux = 189;
    private const int DltUsbLinuxMmapped = 220;
    private const int DltNflog = 239;
    private const int DltLinuxSll2 = 276;

    private const ushort SllProtocolCan = 0x000C;
    private const ushort SllProtocolCanFd = 0x000D;

    private const int UsbMmappedHeaderLength = 64;
    private const int UsbIsoDescriptorLength = 16;
    private const byte UrbIsochronous = 0;
    private const byte UrbComplete = (byte)'C';
    private const byte UrbTransferIn = 0x80;

    /// <summary>Whether <see cref="Apply"/> can change anything for this link type and byte order.</summary>
    public static bool IsNeeded(int dlt, bool swapped) =>
        dlt == DltUsbLinuxMmapped ||
        (swapped && dlt is DltPflog or DltLinuxSll or DltLinuxSll2 or DltUsbLinux or DltNflog);

    public static void Apply(int dlt, bool swapped, Span<byte> data, ref uint wireLength)
    {
        uint caplen = (uint)data.Length;
        if (swapped)
        {
            switch (dlt)
            {
                case DltPflog:
                    SwapPflog(data, caplen, wireLength);
                    break;
                case DltLinuxSll:
                    SwapSocketCanId(data, caplen, wireLength, headerLength: 16, protocolOffset: 14);
                    break;
                case DltLinuxSll2:
                    SwapSocketCanId(data, caplen, wireLength, headerLength: 20, protocolOffset: 0);
                    break;
                case DltUsbLinux:
                    SwapLinuxUsb(data, caplen, headerIs64Bytes: false);
                    break;
                case DltUsbLinuxMmapped:
                    SwapLinuxUsb(data, caplen, headerIs64Bytes: true);
                    break;
                case DltNflog:
                    SwapNflog(data, caplen, wireLength);
                    break;
            }
        }

        if (dlt == DltUsbLinuxMmapped && caplen >= UsbMmappedHeaderLength)
        {
            FixUsbMmappedLength(data, caplen, ref wireLength);
        }
    }

    private static void Swap(Span<byte> data, int offset, int size) => data.Slice(offset, size).Reverse();

    private static uint ReadHostUInt32(ReadOnlySpan<byte> data, int offset) => MemoryMarshal.Read<uint>(data[offset..]);

    private static void SwapPflog(Span<byte> data, uint caplen, uint length)
    {
        // struct pfloghdr on Linux: uid at 44, pid at 48, rule_uid at 52, rule_pid at 56; byte 0 is the header length.
        uint headerLength = data.Length > 0 ? data[0] : 0u;
        for (int fieldOffset = 44; fieldOffset <= 56; fieldOffset += 4)
        {
            uint end = (uint)fieldOffset + 4;
            if (caplen < end || length < end || headerLength < end)
            {
                return;
            }

            Swap(data, fieldOffset, 4);
        }
    }

    private static void SwapSocketCanId(Span<byte> data, uint caplen, uint length, int headerLength, int protocolOffset)
    {
        if (caplen < headerLength || length < headerLength)
        {
            return;
        }

        ushort protocol = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data[protocolOffset..]);
        if (protocol != SllProtocolCan && protocol != SllProtocolCanFd)
        {
            return;
        }

        // The SocketCAN pseudo-header follows the cooked header; its can_id is in host byte order.
        if (caplen < headerLength + 4 || length < headerLength + 4)
        {
            return;
        }

        Swap(data, headerLength, 4);
    }

    private static void SwapLinuxUsb(Span<byte> data, uint caplen, bool headerIs64Bytes)
    {
        // Field layout of pcap_usb_header(_mmapped): id 0..8, event/transfer/endpoint/device 8..12, bus_id 12..14,
        // setup/data flags 14..16, ts_sec 16..24, ts_usec, status, urb_len, data_len 24..40, setup or iso_rec 40..48,
        // then (64-byte header only) interval, start_frame, xfer_flags, ndesc 48..64 and the iso descriptors.
        // libpcap skips past each field, then converts it only if caplen still covers it.
        ReadOnlySpan<(int Offset, int Size)> fixedFields = [(0, 8), (12, 2), (16, 8), (24, 4), (28, 4), (32, 4), (36, 4)];
        foreach ((int offset, int size) in fixedFields)
        {
            if (caplen < (uint)(offset + size))
            {
                return;
            }

            Swap(data, offset, size);
        }

        bool isochronous = data[9] == UrbIsochronous;
        if (isochronous)
        {
            // iso_rec: error_count and numdesc.
            for (int offset = 40; offset < 48; offset += 4)
            {
                if (caplen < (uint)(offset + 4))
                {
                    return;
                }

                Swap(data, offset, 4);
            }
        }

        if (!headerIs64Bytes)
        {
            return;
        }

        for (int offset = 48; offset < 64; offset += 4)
        {
            if (caplen < (uint)(offset + 4))
            {
                return;
            }

            Swap(data, offset, 4);
        }

        if (!isochronous)
        {
            return;
        }

        uint descriptorCount = ReadHostUInt32(data, 60);
        uint position = UsbMmappedHeaderLength;
        for (uint i = 0; i < descriptorCount; i++)
        {
            // usb_isodesc: status, offset, len, then 4 bytes of padding that are not converted.
            for (int field = 0; field < 3; field++)
            {
                if (caplen < position + 4)
                {
                    return;
                }

                Swap(data, (int)position, 4);
                position += 4;
            }

            position += 4;
        }
    }

    private static void SwapNflog(Span<byte> data, uint caplen, uint length)
    {
        // nflog_hdr_t is 4 bytes (family, version, resource id); TLVs follow with host-order length and type.
        if (caplen < 4 || length < 4 || data[1] != 0)
        {
            return;
        }

        length -= 4;
        caplen -= 4;
        int position = 4;
        while (caplen >= 4)
        {
            Swap(data, position, 2);
            Swap(data, position + 2, 2);

            // uint16_t arithmetic in libpcap: a length of 65533..65535 rounds up to 0 and stops the walk.
            ushort size = MemoryMarshal.Read<ushort>(data[position..]);
            if (size % 4 != 0)
            {
                size = (ushort)(size + 4 - (size % 4));
            }

            if (size < 4 || caplen < size || length < size)
            {
                return;
            }

            length -= size;
            caplen -= size;
            position += size;
        }
    }

    private static void FixUsbMmappedLength(ReadOnlySpan<byte> data, uint caplen, ref uint wireLength)
    {
        byte eventType = data[8];
        byte transferType = data[9];
        byte endpoint = data[10];
        byte dataFlag = data[15];
        uint urbLength = ReadHostUInt32(data, 32);
        uint descriptorCount = ReadHostUInt32(data, 60);

        // size_t arithmetic in libpcap: no wrap-around in the expected-length sum.
        ulong lengthFromUrb = UsbMmappedHeaderLength + ((ulong)descriptorCount * UsbIsoDescriptorLength) + urbLength;
        if (dataFlag != 0 || wireLength != lengthFromUrb)
        {
            return;
        }

        // An incoming isochronous completion whose length an older libpcap computed from urb_len: the data is
        // scattered, so the real length ends where the last descriptor's chunk ends.
        if (transferType != UrbIsochronous || eventType != UrbComplete || (endpoint & UrbTransferIn) == 0)
        {
            return;
        }

        uint bytesLeft = caplen - UsbMmappedHeaderLength;
        uint dataEnd = 0;
        for (uint descriptor = 0; descriptor < descriptorCount && bytesLeft >= UsbIsoDescriptorLength;
             descriptor++, bytesLeft -= UsbIsoDescriptorLength)
        {
            int at = UsbMmappedHeaderLength + ((int)descriptor * UsbIsoDescriptorLength);
            uint chunkOffset = ReadHostUInt32(data, at + 4);
            uint chunkLength = ReadHostUInt32(data, at + 8);
            if (chunkLength != 0)
            {
                uint chunkEnd = unchecked(chunkOffset + chunkLength);
                if (chunkEnd > dataEnd)
                {
                    dataEnd = chunkEnd;
                }
            }
        }

        uint computedLength = unchecked((uint)(UsbMmappedHeaderLength + ((ulong)descriptorCount * UsbIsoDescriptorLength) + dataEnd));
        if (computedLength >= caplen)
        {
            wireLength = computedLength;
        }

        if (caplen > wireLength)
        {
            wireLength = caplen;
        }
    }
}
