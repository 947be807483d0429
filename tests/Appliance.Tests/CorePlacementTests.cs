namespace Probe.Ingest.Tests;

/// <summary>
/// A poll thread's core is checked against the cores the appliance may run on (its affinity: taskset, a
/// container's cpuset), not against 0..ProcessorCount-1, which under `taskset -c 1` would refuse core 1 and
/// accept core 0.
/// </summary>
public sealed class CorePlacementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config(int core) => _dir.Write("appliance.yaml", $"""
        metrics_listen: ""
        control_socket: ""
        ports:
          - name: r0
            type: replay
            file: {Corpus.Full("tcpdump-tests/dns_udp.pcap")}
            passes: 0
            rate_pps: 100
            cores: [{core}]
        """);

    [Fact]
    public void Under_taskset_the_allowed_core_is_taken_and_another_is_refused_naming_the_allowed_ones()
    {
        using (var allowed = ApplianceProcess.Start(Config(1), "taskset", "-c", "1"))
        {
            Assert.True(allowed.WaitUntilRunning(TimeSpan.FromSeconds(30)), allowed.Stderr);
            allowed.Interrupt();
            Assert.Equal(0, allowed.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        using var refused = ApplianceProcess.Start(Config(0), "taskset", "-c", "1");
        Assert.NotEqual(0, refused.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("ports[0].cores: core 0 does not exist or this process may not run on it (it may run on cores 1)", refused.Stderr);
    }
}
