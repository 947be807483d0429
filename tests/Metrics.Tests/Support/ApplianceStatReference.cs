using System.Globalization;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>One row of `appliance stat`: a descriptor's identity and its bpf(4) counters.</summary>
internal sealed record DescriptorStatRow(int Pid, string Device, string Queue, string Flags, double Received, double Dropped,
    double Matched, double Captured, string Consumer);

/// <summary>
/// What the appliance reports for its descriptors through its own interface, independently of Prometheus: the
/// reference the values Prometheus stored are compared with. `appliance stat --socket PATH` prints one row per
/// descriptor after FreeBSD's netstat -B (src/Appliance/Control/DescriptorTable.cs):
/// Pid Netif Queue Flags Recv Drop Match Capt Sblen Hblen Command.
/// </summary>
internal static class ApplianceStatReference
{
    private static readonly string[] Header = ["Pid", "Netif", "Queue", "Flags", "Recv", "Drop", "Match", "Capt", "Sblen", "Hblen", "Command"];

    public static IReadOnlyList<DescriptorStatRow> ReadDescriptorCounters(string controlSocket)
    {
        string output = Tool.Check("dotnet", [Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "stat", "--socket", controlSocket],
            TimeSpan.FromSeconds(30));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(Header))
            throw new FormatException($"appliance stat: unexpected header (the columns this test reads moved?):\n{output}");
        return lines.Skip(1).Select(line =>
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < Header.Length)
                throw new FormatException($"appliance stat: short row: {line}");
            double Number(int i) => double.Parse(f[i], NumberStyles.Integer, CultureInfo.InvariantCulture);
            return new DescriptorStatRow(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3],
                Received: Number(4), Dropped: Number(5), Matched: Number(6), Captured: Number(7),
                Consumer: string.Join(' ', f[10..]));
        }).ToList();
    }

    /// <summary>The Prometheus metric that carries each counter column of a row.</summary>
    public static readonly IReadOnlyList<(string Column, string Metric, Func<DescriptorStatRow, double> Value)> Columns =
    [
        ("Recv", "probe_bpf_received_packets_total", r => r.Received),
        ("Drop", "probe_bpf_dropped_packets_total", r => r.Dropped),
        ("Match", "probe_bpf_matched_packets_total", r => r.Matched),
        ("Capt", "probe_bpf_captured_packets_total", r => r.Captured),
    ];
}
