using Probe.Ingest.Tests;

namespace Probe.Metrics.Tests;

/// <summary>
/// The shipped Prometheus, Grafana and compose files fit together: the names, paths, addresses and intervals one
/// file assumes of another are the ones the other declares. (Grafana cannot run here; these are what it would
/// otherwise find out at start-up, or show as empty panels.)
/// </summary>
public sealed class ProvisioningTests
{
    private static string Repo(params string[] parts) => Path.Combine([RepoPaths.Root, .. parts]);

    private readonly YamlFile _compose = YamlFile.Load(Repo("docker", "compose.yaml"));
    private readonly YamlFile _prometheus = YamlFile.Load(Repo("config", "prometheus", "prometheus.yml"));
    private readonly YamlFile _datasource = YamlFile.Load(Repo("config", "grafana", "provisioning", "datasources", "prometheus.yaml"));
    private readonly YamlFile _dashboards = YamlFile.Load(Repo("config", "grafana", "provisioning", "dashboards", "probe-appliance.yaml"));
    private readonly GrafanaDashboard _dashboard = GrafanaDashboard.Load(GrafanaDashboard.DefaultPath);

    /// <summary>host path (relative to docker/) to container path, for a service's bind mounts.</summary>
    private Dictionary<string, string> Mounts(string service) => _compose.Scalars("services", service, "volumes")
        .Select(v => v.Split(':'))
        .Where(parts => parts[0].StartsWith('.') || parts[0].StartsWith('/'))
        .ToDictionary(parts => Path.GetFullPath(Path.Combine(RepoPaths.Root, "docker", parts[0])), parts => parts[1]);

    [Fact]
    public void Promtool_accepts_the_scrape_configuration_and_its_rules()
    {
        Tool.Result check = Tool.Run("promtool", ["check", "config", Repo("config", "prometheus", "prometheus.yml")]);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("SUCCESS: 1 rule files found", check.Output);
    }

    [Fact]
    public void The_scrape_target_is_the_appliance_default_metrics_address()
    {
        var defaults = new Probe.Appliance.Configuration.ApplianceConfig();
        Assert.Equal(new[] { defaults.MetricsListen }, _prometheus.Scalars("scrape_configs", 0, "static_configs", 0, "targets"));
        Assert.Equal(PrometheusServer.JobName, _prometheus.Scalar("scrape_configs", 0, "job_name"));
    }

    [Fact]
    public void The_dashboard_defaults_to_the_provisioned_prometheus()
    {
        var variable = _dashboard.Root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Single(v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", variable.GetProperty("query").GetString());
        Assert.Equal(_datasource.Scalar("datasources", 0, "uid"), variable.GetProperty("current").GetProperty("value").GetString());
        Assert.Equal("prometheus", _datasource.Scalar("datasources", 0, "type"));
    }

    [Fact]
    public void The_data_source_interval_is_the_scrape_interval()
    {
        // Grafana's $__rate_interval is four of these; shorter than the real scrape interval, rates go blank.
        Assert.Equal(_prometheus.Scalar("global", "scrape_interval"), _datasource.Scalar("datasources", 0, "jsonData", "timeInterval"));
    }

    [Fact]
    public void The_data_source_url_is_where_compose_runs_prometheus()
    {
        string listen = _compose.Scalars("services", "prometheus", "command")
            .Single(a => a.StartsWith("--web.listen-address=", StringComparison.Ordinal))["--web.listen-address=".Length..];
        Assert.Equal($"http://{listen}", _datasource.Scalar("datasources", 0, "url"));
        Assert.Equal("host", _compose.Scalar("services", "prometheus", "network_mode"));
        Assert.Equal("host", _compose.Scalar("services", "appliance", "network_mode"));
    }

    [Fact]
    public void Compose_mounts_the_dashboards_where_the_provider_reads_them_and_the_provisioning_where_grafana_looks()
    {
        Dictionary<string, string> mounts = Mounts("grafana");
        Assert.Equal(_dashboards.Scalar("providers", 0, "options", "path"), mounts[Repo("config", "grafana", "dashboards")]);
        Assert.Equal("/etc/grafana/provisioning", mounts[Repo("config", "grafana", "provisioning")]);
        Assert.True(File.Exists(Repo("config", "grafana", "dashboards", Path.GetFileName(
            _compose.Scalar("services", "grafana", "environment", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")))));
    }

    [Fact]
    public void Compose_gives_prometheus_the_scrape_configuration_and_its_rules()
    {
        Dictionary<string, string> mounts = Mounts("prometheus");
        string config = _compose.Scalars("services", "prometheus", "command")
            .Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        Assert.Equal(Path.GetDirectoryName(config), mounts[Repo("config", "prometheus")]);
        Assert.True(File.Exists(Repo("config", "prometheus", Path.GetFileName(config))));
    }

    [Fact]
    public void The_appliance_runs_with_named_capabilities_hugepages_from_the_host_and_a_shared_control_volume()
    {
        Assert.Equal(new[] { "ALL" }, _compose.Scalars("services", "appliance", "cap_drop"));
        Assert.Equal(new[] { "NET_RAW", "NET_ADMIN", "IPC_LOCK" }, _compose.Scalars("services", "appliance", "cap_add"));
        Assert.Throws<KeyNotFoundException>(() => _compose.At("services", "appliance", "privileged"));
        string[] volumes = _compose.Scalars("services", "appliance", "volumes").ToArray();
        Assert.Contains("/dev/hugepages:/dev/hugepages", volumes);
        Assert.Contains("control:/run/probe-appliance", volumes);
        Assert.NotNull(_compose.At("volumes", "control"));
    }
}
