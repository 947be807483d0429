using System.Globalization;
using System.Text.RegularExpressions;
using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>
/// The appliance daemon, run as its own process on three ports, each recorded:
/// <list type="bullet">
/// <item>"fixed0" replays a generated capture once, losslessly, and stops. Its counters then never change again:
/// the stopped source that comparing Prometheus with `appliance stat` needs. (The daemon keeps serving after a
/// source ends unless exit_when_sources_end is set.)</item>
/// <item>"live0" replays it forever at <see cref="LiveRatePps"/>, dropping like a link when a consumer falls behind:
/// traffic that flows while the tests scrape, and rates for the dashboard's queries.</item>
/// <item>an AF_XDP port on the capture side of a private veth pair, sent a burst from the pair's namespace: the
/// queue whose XDP mode, zero-copy state and socket drop counters the dashboard also charts.</item>
/// </list>
/// Metrics listen on 127.0.0.1 port 0 (the bound address is read from the daemon's start-up line); the control
/// socket is private to the run.
/// </summary>
internal sealed partial class LiveAppliance : IDisposable
{
    public const string FixedPort = "fixed0";
    public const string LivePort = "live0";
    public const int LiveRatePps = 2000;
    private const int FilePackets = 20_000;
    private const int XdpBurst = 500;

    private readonly TempDirectory _dir = new();
    private readonly VethPair _lab = new("mx");
    private readonly ApplianceProcess? _process;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public LiveAppliance()
    {
        CaptureFile = _dir.File("traffic.pcap");
        ControlSocket = _dir.File("control.sock");
        try
        {
            _process = Start(out string stderr);
            Match address = MetricsLine().Match(stderr);
            if (!address.Success)
                throw new InvalidOperationException($"no 'metrics on' line from the appliance:\n{stderr}");
            MetricsUri = new Uri(address.Groups[1].Value);
            XdpSent = _lab.Send(CaptureFile, packetsPerSecond: 5000, limit: XdpBurst);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private ApplianceProcess Start(out string stderr)
    {
        Tool.Check("dotnet", [Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "generate", "--packets",
            FilePackets.ToString(CultureInfo.InvariantCulture), "--mix", "imix", CaptureFile], TimeSpan.FromSeconds(60));
        string config = _dir.Write("appliance.yaml", $"""
            metrics_listen: 127.0.0.1:0
            control_socket: {ControlSocket}
            status_interval_seconds: 0
            ports:
              - name: {FixedPort}
                type: replay
                file: {CaptureFile}
                passes: 1
                lossless: true
                idle: backoff
              - name: {LivePort}
                type: replay
                file: {CaptureFile}
                passes: 0
                rate_pps: {LiveRatePps}
                retime: true
                lossless: false
                idle: backoff
              - name: xdp0
                type: afxdp
                device: {XdpInterface}
                zero_copy: prefer
                idle: backoff
            recorders:
              - name: fixedrec
                port: {FixedPort}
                path: {_dir.File("fixed.pcap")}
              - name: liverec
                port: {LivePort}
                path: {_dir.File("live.pcap")}
                rotate_megabytes: 1
                rotate_files: 2
              - name: xdprec
                port: xdp0
                path: {_dir.File("xdp.pcap")}
            """);
        var process = ApplianceProcess.Start(config);
        if (!process.WaitUntilRunning(TimeSpan.FromSeconds(60)))
        {
            stderr = process.Stderr;
            process.Dispose();
            throw new InvalidOperationException($"the appliance did not start:\n{stderr}");
        }
        stderr = process.Stderr;
        return process;
    }

    /// <summary>http://127.0.0.1:PORT/metrics</summary>
    public Uri MetricsUri { get; }

    /// <summary>host:port, as a Prometheus target.</summary>
    public string Target => $"{MetricsUri.Host}:{MetricsUri.Port}";

    /// <summary>The capture both replay ports replay (and the AF_XDP port is sent the start of).</summary>
    public string CaptureFile { get; }

    /// <summary>The AF_XDP port's interface: the capture side of the veth pair.</summary>
    public string XdpInterface => _lab.CaptureInterface;

    /// <summary>Packets tcpreplay sent to the AF_XDP port.</summary>
    public long XdpSent { get; }

    /// <summary>The run's control socket, for `appliance stat --socket`.</summary>
    public string ControlSocket { get; }

    public string Stderr => _process?.Stderr ?? "";

    public async Task<string> ScrapeTextAsync()
    {
        using HttpResponseMessage response = await Http.GetAsync(MetricsUri);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<Exposition> ScrapeAsync() => Exposition.Parse(await ScrapeTextAsync());

    /// <summary>
    /// Waits until the fixed port has replayed its file and everything downstream of it has settled: two scrapes a
    /// moment apart show the same counters for its queue, descriptor and recorder. Returns the later scrape.
    /// </summary>
    public async Task<Exposition> WaitUntilFixedPortSettledAsync(TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        string? previous = null;
        while (DateTime.UtcNow < deadline)
        {
            Exposition scrape = await ScrapeAsync();
            string counters = string.Join('\n', scrape.Samples
                .Where(s => s.Name.EndsWith("_total", StringComparison.Ordinal) && BelongsToFixedPort(s))
                .Select(s => s.ToString()));
            if (counters.Length > 0 && counters == previous)
                return scrape;
            previous = counters;
            await Task.Delay(500);
        }
        throw new TimeoutException($"the fixed port's counters did not settle within {limit}:\n{previous}\n{Stderr}");
    }

    public static bool BelongsToFixedPort(MetricSample s) =>
        s.Labels.TryGetValue("device", out string? device) ? device == FixedPort
        : s.Labels.TryGetValue("recorder", out string? recorder) && recorder == "fixedrec";

    public void Dispose()
    {
        _process?.Dispose();
        _lab.Dispose();
        _dir.Dispose();
    }

    [GeneratedRegex(@"appliance: metrics on (http://\S+/metrics)")]
    private static partial Regex MetricsLine();
}
