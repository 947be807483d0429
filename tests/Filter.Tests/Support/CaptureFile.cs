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
}
