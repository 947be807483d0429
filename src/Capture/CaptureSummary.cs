using Probe.Zbuf;

namespace Probe.Capture;

/// <summary>tcpdump's closing lines, from the consumer's count and the descriptor's counters.</summary>
internal static class CaptureSummary
{
    public static void Print(TextWriter error, long written, DescriptorStatistics statistics)
    {
        error.WriteLine($"{written} {Packets(written)} captured");
        error.WriteLine($"{statistics.Received} {Packets(statistics.Received)} received by filter");
        error.WriteLine($"{statistics.Dropped} {Packets(statistics.Dropped)} dropped by kernel");
    }

    private static string Packets(decimal n) => n == 1 ? "packet" : "packets";
}
