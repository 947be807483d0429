using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Dpdk;

/// <summary>A started DPDK port and its rx queues; stopped and closed once, after its poll threads are gone.</summary>
public sealed unsafe class DpdkPort : IDisposable
{
    private readonly DpdkRxQueue[] _queues;
    private bool _closed;

    private DpdkPort(DpdkPortOptions options, ushort portId, in PdkPortInfo info)
    {
        Options = options;
        PortId = portId;
        fixed (PdkPortInfo* p = &info)
        {
            Name = Marshal.PtrToStringUTF8((nint)p->Name) ?? options.Name;
            Driver = Marshal.PtrToStringUTF8((nint)p->Driver) ?? "";
        }
        DeviceTimestamps = (info.Flags & PdkPortInfo.FlagTimestampOffload) != 0;
        Rss = (info.Flags & PdkPortInfo.FlagRss) != 0;
        // net_pcap reading a file can wait on the disk inside rx_burst: keep the GC transition there.
        bool mayBlock = Driver == "net_pcap" && !(options.VirtualDevice ?? "").Contains("infinite_rx=1", StringComparison.Ordinal);
        _queues = Enumerable.Range(0, info.RxQueues).Select(q => new DpdkRxQueue(this, (ushort)q, mayBlock)).ToArray();
    }

    public DpdkPortOptions Options { get; }
    public ushort PortId { get; }
    public string Name { get; }
    public string Driver { get; }

    /// <summary>The driver stamps packets (net_pcap: the file's times, at microsecond resolution).</summary>
    public bool DeviceTimestamps { get; }

    /// <summary>RSS spreads flows over the queues.</summary>
    public bool Rss { get; }

    public IReadOnlyList<DpdkRxQueue> Queues => _queues;

    /// <summary>Finds (or adds, for a virtual device) the port and starts it with the configured queues.</summary>
    public static DpdkPort Open(DpdkRuntime runtime, DpdkPortOptions options)
    {
        ushort id;
        try
        {
            id = runtime.FindPort(options.Name);
        }
        catch (DpdkException) when (options.VirtualDevice is not null)
        {
            id = runtime.AddVirtualDevice(options.VirtualDevice);
        }
        var conf = new PdkPortConf
        {
            RxQueues = checked((ushort)options.Queues),
            RxDescriptors = checked((ushort)options.RxDescriptors),
            Mbufs = checked((uint)options.MbufsPerQueue),
            Flags = options.Promiscuous ? 0 : PdkPortConf.FlagNoPromisc,
        };
        PdkPortInfo info;
        byte* err = stackalloc byte[ErrorBuffer.Capacity];
        ErrorBuffer.Check(Pdk.PortSetup(id, &conf, &info, err, ErrorBuffer.Capacity), err, $"port {options.Name}");
        return new DpdkPort(options, id, info);
    }

    public DpdkPortStatistics Statistics()
    {
        PdkPortStats s;
        if (Pdk.PortStats(PortId, &s) < 0)
            return default;
        int n = Math.Min(_queues.Length, Pdk.QueueStatCounters);
        var packets = new ulong[n];
        var bytes = new ulong[n];
        for (int q = 0; q < n; q++)
        {
            packets[q] = s.QueueInPackets[q];
            bytes[q] = s.QueueInBytes[q];
        }
        return new DpdkPortStatistics(s.InPackets, s.InBytes, s.InMissed, s.RxNoMbuf, s.InErrors, packets, bytes);
    }

    /// <summary>Stops and closes the port. Call after every poll thread of its queues has ended.</summary>
    public void Dispose()
    {
        if (_closed)
            return;
        _closed = true;
        foreach (DpdkRxQueue queue in _queues)
            queue.ReleaseHeld();
        byte* err = stackalloc byte[ErrorBuffer.Capacity];
        ErrorBuffer.Check(Pdk.PortStopClose(PortId, err, ErrorBuffer.Capacity), err, $"closing port {Name}");
    }
}
