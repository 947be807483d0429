using Probe.Capture.Tests;
using Probe.Zbuf.Control;

namespace Probe.Ingest.Tests;

/// <summary>
/// A running appliance for consumer tests: a replay port over a generated capture, its own control socket and no
/// metrics listener, so tests can run side by side. Stopped with SIGINT on dispose.
/// </summary>
internal sealed class LiveAppliance : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ApplianceProcess _process;

    public LiveAppliance(int frames = 20_000, long ratePps = 20_000, int passes = 1, int waitForConsumers = 0,
        string extra = "", string allowUids = "[0]")
    {
        Source = _dir.File("source.pcap");
        Tool.Result generated = Tool.Run("dotnet", Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "generate",
            "--packets", frames.ToString(), "--mix", "imix", Source);
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        SocketPath = _dir.File("control.sock");
        string config = _dir.Write("appliance.yaml", $"""
            metrics_listen: ""
            control_socket: {SocketPath}
            control_allow_uids: {allowUids}
            {extra}
            ports:
              - name: demo0
                type: replay
                file: {Source}
                passes: {passes}
                rate_pps: {ratePps}
                retime: true
                lossless: false
                idle: backoff
                wait_for_consumers: {waitForConsumers}
            recorders: []
            """);
        _process = ApplianceProcess.Start(config);
        Assert.True(_process.WaitUntilRunning(TimeSpan.FromSeconds(30)), "the appliance did not start:\n" + _process.Stderr);
    }

    public string Source { get; }

    public string SocketPath { get; }

    public string Log => _process.Stderr;

    public string Directory => _dir.Path;

    public ControlClient Connect() => ControlClient.Connect(SocketPath);

    /// <summary>zcap -i as a separate process against this appliance.</summary>
    public Tool.Result Zcap(params string[] args) => Tool.Zcap(["--socket", SocketPath, .. args]);

    public string Stat() => Tool.Run("dotnet", Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "stat", "--socket", SocketPath).Stdout;

    public void Dispose()
    {
        _process.Interrupt();
        _process.WaitForExit(TimeSpan.FromSeconds(20));
        _process.Dispose();
        _dir.Dispose();
    }
}
