using System.Diagnostics;

namespace Probe.Ingest.Tests;

/// <summary>
/// Kill -9 the appliance while it captures over AF_XDP, start it again: it starts (replacing the XDP program the
/// dead run left attached, with a log line), captures, and after a clean stop no XDP program remains.
/// </summary>
public sealed class AfXdpRestartTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _lab = $"ar{Environment.ProcessId % 100000}";

    public AfXdpRestartTests() => Tool.Run(Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh"), "up", _lab, "1");

    public void Dispose()
    {
        Tool.Run(Path.Combine(RepoPaths.Root, "scripts", "veth-lab.sh"), "down", _lab);
        _dir.Dispose();
    }

    private string Config(string output) => _dir.Write("appliance.yaml", $"""
        metrics_listen: ""
        control_socket: ""
        status_interval_seconds: 1
        ports:
          - name: x0
            type: afxdp
            device: {_lab}-c
            idle: backoff
        recorders:
          - name: r
            port: x0
            path: {output}
            read_timeout_ms: 50
        """);

    [Fact]
    public void A_killed_appliance_restarts_replacing_its_stale_program_and_leaves_none_after_a_clean_stop()
    {
        using (var first = ApplianceProcess.Start(Config(_dir.File("first.pcap"))))
        {
            Assert.True(first.WaitUntilRunning(TimeSpan.FromSeconds(30)), first.Stderr);
            Send(200);
            first.Kill();
            first.WaitForExit(TimeSpan.FromSeconds(10));
        }
        Assert.Contains("xdp", Tool.Run("ip", "-d", "link", "show", "dev", $"{_lab}-c")); // the dead run's program is still there

        string output = _dir.File("second.pcap");
        using var second = ApplianceProcess.Start(Config(output));
        Assert.True(second.WaitUntilRunning(TimeSpan.FromSeconds(30)), second.Stderr);
        Assert.Contains("stale", second.Stderr);
        Send(2000);
        var clock = Stopwatch.StartNew();
        while (!second.Stderr.Contains("written 2000 ") && clock.Elapsed < TimeSpan.FromSeconds(15))
            Thread.Sleep(100);
        second.Interrupt();
        Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("written 2000 ", second.Stderr);
        Assert.DoesNotContain("prog/xdp", Tool.Run("ip", "-d", "link", "show", "dev", $"{_lab}-c"));
    }

    /// <summary>Sends <paramref name="frames"/> frames of a corpus file from the lab's namespace with probe-send.</summary>
    private void Send(int frames) => Tool.Run("ip", "netns", "exec", _lab, Path.Combine(RepoPaths.Root, "native", "build", "probe-send"),
        "-q", "-i", $"{_lab}-s", "-r", Corpus.Full("tcpdump-tests/mptcp-v0.pcap"), "-c", frames.ToString(), "-p", "20000");
}
