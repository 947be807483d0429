using System.Runtime.InteropServices;

namespace Probe.Ingest.Dpdk.Interop;

// Mirrors of the shim's structs; every offset and size is compared with a C compile in tests/Dpdk.Tests/AbiTests.

/// <summary>struct pdk_rx_pkt (40 bytes): <see cref="RxPacket"/>'s layout plus the shim's flags in its padding.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PdkRxPkt
{
    public nint Data;
    public uint DataLength;
    public uint PacketLength;
    public long Seconds;
    public ulong Nanoseconds;
    public uint RssHash;
    public uint Flags;

    public const uint FlagRssHash = 1;
    public const uint FlagTimestamp = 2;
    public const uint FlagTimestampRaw = 4;
    public const uint FlagMultiSegment = 8;
    public const uint FlagTruncated = 16;
}

/// <summary>struct pdk_port_conf (24 bytes); zero fields take the shim's defaults.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PdkPortConf
{
    public ushort RxQueues;
    public ushort RxDescriptors;
    public uint Mbufs;
    public uint MbufCacheSize;
    public uint MbufDataRoom;
    public uint Flags;
    public uint Reserved;

    public const uint FlagNoPromisc = 1;
    public const uint FlagNoRss = 2;
    public const uint FlagNoTimestamp = 4;
}

/// <summary>struct pdk_port_info (184 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PdkPortInfo
{
    public fixed byte Name[Pdk.NameSize];
    public fixed byte Driver[Pdk.NameSize];
    public ushort PortId;
    public ushort MaxRxQueues;
    public ushort RxQueues;
    public ushort Reserved0;
    public int SocketId;
    public uint Flags;
    public uint TimestampSource;
    public uint IfIndex;
    public ulong RxOffloadCapabilities;
    public ulong FlowTypeRssOffloads;
    public ulong RssHashFunctions;
    public fixed byte Mac[6];
    public fixed byte Reserved1[2];

    public const uint FlagRss = 2;
    public const uint FlagPromisc = 8;
    public const uint FlagTimestampOffload = 16;
}

/// <summary>struct pdk_port_stats (448 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PdkPortStats
{
    public ulong InPackets;
    public ulong InBytes;
    public ulong InMissed;
    public ulong InErrors;
    public ulong RxNoMbuf;
    public ulong OutPackets;
    public ulong OutBytes;
    public ulong OutErrors;
    public fixed ulong QueueInPackets[Pdk.QueueStatCounters];
    public fixed ulong QueueInBytes[Pdk.QueueStatCounters];
    public fixed ulong QueueErrors[Pdk.QueueStatCounters];
}
