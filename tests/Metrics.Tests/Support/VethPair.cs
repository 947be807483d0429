using System.Globalization;
using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>
/// A private veth pair from scripts/veth-lab.sh: NAME-c in the root namespace (captured on, by the appliance or a
/// host-networked container), NAME-s in namespace NAME (where tcpreplay sends). NAME is a prefix and this process's
/// id, so that test runs never share a pair. Removed by Dispose.
/// </summary>
internal sealed partial class VethPair : IDisposable
{
    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh");

    /// <param name="prefix">two letters naming the user (the script allows 12 characters in all)</param>
    public VethPair(string prefix)
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{Environment.ProcessId}");
        Tool.Check(Script, "up", Name);
    }

    public string Name { get; }

    public string CaptureInterface => Name + "-c";

    /// <summary>
    /// Sends a capture file (its first <paramref name="limit"/> packets, or all) from the namespace side with
    /// tcpreplay; the packets it sent successfully.
    /// </summary>
    public long Send(string pcap, int packetsPerSecond, int? limit = null)
    {
        string[] count = limit is int n ? ["--limit", n.ToString(CultureInfo.InvariantCulture)] : [];
        string output = Tool.Check("ip", ["netns", "exec", Name, "tcpreplay", "-i", Name + "-s",
            "--pps", packetsPerSecond.ToString(CultureInfo.InvariantCulture), .. count, pcap], TimeSpan.FromMinutes(2));
        Match sent = Successful().Match(output);
        return sent.Success ? long.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"no 'Successful packets' in tcpreplay's output:\n{output}");
    }

    public bool Exists => Tool.Run("ip", ["link", "show", CaptureInterface]).ExitCode == 0;

    public void Dispose() => Tool.Check(Script, "down", Name);

    [GeneratedRegex(@"Successful packets:\s+(\d+)")]
    private static partial Regex Successful();
}
