using Probe.Pcap;
using Probe.Zbuf.SharedMemory;

namespace Probe.Capture;

/// <summary>zcap's command line, in tcpdump's terms.</summary>
public sealed record ZcapOptions
{
    /// <summary>-r FILE ("-" for standard input).</summary>
    public string? ReadFile { get; init; }

    /// <summary>-i IFACE[:QUEUE]: live capture from the appliance.</summary>
    public string? Interface { get; init; }

    /// <summary>--socket PATH: the appliance's control socket.</summary>
    public string ControlSocket { get; init; } = Environment.GetEnvironmentVariable("PROBE_CONTROL_SOCKET") is { Length: > 0 } s
        ? s : Probe.Zbuf.Control.ControlProtocol.DefaultSocketPath;

    /// <summary>--immediate-mode: hand every burst over at once instead of after the read timeout.</summary>
    public bool Immediate { get; init; }

    /// <summary>-w FILE ("-" for standard output).</summary>
    public string? WriteFile { get; init; }

    /// <summary>-s SNAPLEN (0 means the default, 262144).</summary>
    public int? SnapLength { get; init; }

    /// <summary>-c COUNT: exit after this many packets.</summary>
    public long? Count { get; init; }

    /// <summary>-d, -dd, -ddd: print the compiled filter program and exit.</summary>
    public int DumpLevel { get; init; }

    /// <summary>-y LINKTYPE: the link type to compile the filter for (by name).</summary>
    public string? LinkTypeName { get; init; }

    /// <summary>-F FILE: read the filter expression from a file.</summary>
    public string? FilterFile { get; init; }

    /// <summary>The filter expression: the remaining arguments joined by spaces.</summary>
    public string? Expression { get; init; }

    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Microsecond;

    public CaptureFileFormat OutputFormat { get; init; } = CaptureFileFormat.Pcap;

    /// <summary>-B KiB: size of each of the descriptor's two zbuf buffers (tcpdump's -B unit).</summary>
    public int BufferKiB { get; init; } = 2048;

    /// <summary>-C and -W.</summary>
    public RotationPolicy Rotation { get; init; } = RotationPolicy.None;

    public HugepagePolicy Hugepages { get; init; } = HugepagePolicy.Prefer;

    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }
}
