namespace Probe.Appliance.Configuration;

/// <summary>The appliance's configuration file (YAML, snake_case keys). See config/appliance.yaml.</summary>
public sealed class ApplianceConfig
{
    /// <summary>Where the appliance keeps generated files (the demo capture) and, by default, recordings.</summary>
    public string StateDirectory { get; set; } = "/var/lib/probe-appliance";

    /// <summary>prefer | require | never: whether zbuf buffers must be hugepage-backed.</summary>
    public string Hugepages { get; set; } = "prefer";

    /// <summary>Seconds between status lines on standard error; 0 for none.</summary>
    public int StatusIntervalSeconds { get; set; } = 5;

    public DpdkConfig Dpdk { get; set; } = new();

    /// <summary>host:port of the Prometheus endpoint (/metrics, /healthz); empty turns it off. Loopback by default:
    /// exposing it beyond the machine is a deliberate choice.</summary>
    public string MetricsListen { get; set; } = "127.0.0.1:9477";

    public List<PortConfig> Ports { get; set; } = [];

    public List<RecorderConfig> Recorders { get; set; } = [];
}
