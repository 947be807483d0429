namespace Probe.Appliance.Configuration;

/// <summary>A built-in consumer: one zbuf descriptor per queue of its port, written to capture files.</summary>
public sealed class RecorderConfig
{
    public string Name { get; set; } = "";

    /// <summary>The port it records (all queues).</summary>
    public string Port { get; set; } = "";

    /// <summary>A filter expression in tcpdump's language, compiled by libpcap for the port's link type; empty keeps all.</summary>
    public string Filter { get; set; } = "";

    /// <summary>The output file; with several queues, "-qN" goes before the extension.</summary>
    public string Path { get; set; } = "";

    /// <summary>pcap | pcapng.</summary>
    public string Format { get; set; } = "pcap";

    /// <summary>micro | nano timestamps in the file.</summary>
    public string Precision { get; set; } = "micro";

    public uint Snaplen { get; set; } = 262144;

    /// <summary>Bytes per zbuf buffer (two per descriptor); a multiple of 2 MiB to be hugepage-backed.</summary>
    public int BufferBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Hand a partly filled buffer to the recorder after this long.</summary>
    public int ReadTimeoutMs { get; set; } = 1000;

    /// <summary>tcpdump -C: millions of bytes per file before rotating.</summary>
    public int? RotateMegabytes { get; set; }

    /// <summary>tcpdump -W: files in the rotation ring.</summary>
    public int? RotateFiles { get; set; }
}
