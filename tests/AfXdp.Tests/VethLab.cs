using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// A private veth pair made by scripts/veth-lab.sh: NAME-c in the root namespace (captured on), NAME-s in namespace
/// NAME (sent from). Names carry this process's id, so labs of concurrent test runs (and the DPDK tests' own veths)
/// never meet; labs left by a test process that died are removed when the next one starts.
/// </summary>
public sealed partial class VethLab : IDisposable
{
    private static int s_counter;
    private static readonly Lazy<bool> LeftoversRemoved = new(RemoveLeftovers);

    public VethLab(int channels, int mtu)
    {
        _ = LeftoversRemoved.Value;
        Name = string.Create(CultureInfo.InvariantCulture, $"ax{Environment.ProcessId}n{Interlocked.Increment(ref s_counter)}");
        Channels = channels;
        Mtu = mtu;
        ProcessRunner.Check(Script, "up", Name, channels.ToString(CultureInfo.InvariantCulture), mtu.ToString(CultureInfo.InvariantCulture));
    }

    public string Name { get; }
    public string Namespace => Name;
    public string CaptureInterface => Name + "-c";
    public string SenderInterface => Name + "-s";
    public int Channels { get; }
    public int Mtu { get; }

    public static string Script => Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh");

    /// <summary>The XDP program attached to the capture side as iproute2 reports it, or null.</summary>
    public (string Name, int Mode, int Id)? AttachedProgram()
    {
        string json = ProcessRunner.Check("ip", "-j", "-d", "link", "show", "dev", CaptureInterface);
        JsonElement link = JsonDocument.Parse(json).RootElement[0];
        if (!link.TryGetProperty("xdp", out JsonElement xdp) || !xdp.TryGetProperty("prog", out JsonElement prog))
            return null;
        return (prog.GetProperty("name").GetString()!, xdp.GetProperty("mode").GetInt32(), prog.GetProperty("id").GetInt32());
    }

    /// <summary>Frames the sender-side veth dropped on transmit (its peer's queue was full).</summary>
    public long SenderTxDropped()
    {
        string json = ProcessRunner.Check("ip", "netns", "exec", Namespace, "ip", "-j", "-s", "link", "show", "dev", SenderInterface);
        return JsonDocument.Parse(json).RootElement[0].GetProperty("stats64").GetProperty("tx").GetProperty("dropped").GetInt64();
    }

    public void Dispose() => ProcessRunner.Check(Script, "down", Name);

    private static bool RemoveLeftovers()
    {
        foreach (string line in ProcessRunner.Check("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ')[0];
            Match m = LabName().Match(name);
            if (m.Success && !Directory.Exists($"/proc/{m.Groups[1].Value}"))
                ProcessRunner.Run(Script, ["down", name]);
        }
        return true;
    }

    [GeneratedRegex(@"^ax(\d+)n\d+$")]
    private static partial Regex LabName();
}
