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

    /// <summary>The control socket consumers connect to (SOCK_SEQPACKET); empty turns it off.</summary>
    public string ControlSocket { get; set; } = "/run/probe-appliance/control.sock";

    /// <summary>Peers (SO_PEERCRED) allowed on the control socket, by uid...</summary>
    public List<uint> ControlAllowUids { get; set; } = [0];

    /// <summary>...or by gid.</summary>
    public List<uint> ControlAllowGids { get; set; } = [];

    /// <summary>Largest buffer a consumer may register or ask for (GET_ZMAX).</summary>
    public int ControlMaxBufferBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>Stop (as on SIGTERM) once every port's source has ended (replayed files); otherwise keep serving.</summary>
    public bool ExitWhenSourcesEnd { get; set; }

    public List<PortConfig> Ports { get; set; } = [];

    public List<RecorderConfig> Recorders { get; set; } = [];
}
