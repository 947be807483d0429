using System.Runtime.InteropServices;
using Probe.Filter.Tests.Interop;

namespace Probe.Filter.Tests.Support;

/// <summary>One captured packet: the bytes present and the length on the wire.</summary>
internal sealed record CapturedPacket(byte[] Bytes, uint WireLength);

/// <summary>A capture file as libpcap itself reads it (pcap_open_offline + pcap_next_ex).</summary>
internal sealed record CaptureFile(string Path, int Dlt, int SnapLength, IReadOnlyList<CapturedPacket> Packets)
{
    /// <summary>The file's packets, or null when libpcap refuses the file. A damaged record ends the file, as it does for tcpdump.</summary>
    public static unsafe CaptureFile? TryRead(string path)
    {
        byte* errors = stackalloc byte[Libpcap.ErrorBufferSize];
        using Libpcap.SafePcapHandle pcap = Libpcap.OpenOffline(path, errors);
        if (pcap.IsInvalid)
            return null;
        var packets = new List<CapturedPacket>();
        Libpcap.PacketHeader* header;
        byte* data;
        while (Libpcap.NextEx(pcap, &header, &data) == Libpcap.NextPacket)
            packets.Add(new CapturedPacket(new ReadOnlySpan<byte>(data, (int)header->CaptureLength).ToArray(), header->WireLength));
        return new CaptureFile(path, Libpcap.Datalink(pcap), Libpcap.Snapshot(pcap), packets);
    }

    public string Name => System.IO.Path.GetRelativePath(Corpus.Root, Path);

    /// <summary>The DLT_ value libpcap reports for a file written with link-type field <paramref name="linkTypeField"/>, or null if it refuses the file.</summary>
    public static int? DatalinkOfHeader(uint linkTypeField)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"probe-filter-linktype-{Environment.ProcessId}-{linkTypeField:x8}.pcap");
        // A pcap file header alone: magic, version 2.4, thiszone, sigfigs, snaplen, link type.
        var header = new byte[24];
        MemoryMarshal.Write(header.AsSpan(0), 0xa1b2c3d4u);
        MemoryMarshal.Write(header.AsSpan(4), (ushort)2);
        MemoryMarshal.Write(header.AsSpan(6), (ushort)4);
        MemoryMarshal.Write(header.AsSpan(16), 65535u);
        MemoryMarshal.Write(header.AsSpan(20), linkTypeField);
        File.WriteAllBytes(path, header);
        try
        {
            return DatalinkOfFile(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static unsafe int? DatalinkOfFile(string path)
    {
        byte* errors = stackalloc byte[Libpcap.ErrorBufferSize];
        using Libpcap.SafePcapHandle pcap = Libpcap.OpenOffline(path, errors);
        return pcap.IsInvalid ? null : Libpcap.Datalink(pcap);
    }
}
