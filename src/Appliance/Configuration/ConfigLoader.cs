using Probe.Ingest;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Probe.Appliance.Configuration;

/// <summary>Reads and validates the YAML configuration; every error names the file, the line or key, and the fix.</summary>
public static class ConfigLoader
{
    public static ApplianceConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read configuration {path}: {e.Message}");
        }
        return Parse(text, path);
    }

    public static ApplianceConfig Parse(string yaml, string source)
    {
        IDeserializer deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        ApplianceConfig config;
        try
        {
            config = deserializer.Deserialize<ApplianceConfig?>(yaml) ?? new ApplianceConfig();
        }
        catch (YamlException e)
        {
            string reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            // YamlDotNet names .NET types; an operator needs the key.
            if (reason.StartsWith("Property '", StringComparison.Ordinal) && reason.Contains("' not found on type"))
                reason = $"unknown setting '{reason.Split('\'')[1]}'";
            throw new ConfigException($"{source}: line {e.Start.Line}, column {e.Start.Column}: {reason}");
        }
        Validate(config, source);
        return config;
    }

    private static void Validate(ApplianceConfig config, string source)
    {
        void Fail(string key, string problem) => throw new ConfigException($"{source}: {key}: {problem}");

        _ = HugepagePolicyParser.Parse(config.Hugepages, reason => Fail("hugepages", reason));
        if (config.MetricsListen.Length > 0)
        {
            try
            {
                Probe.Metrics.MetricsEndpoint.ParseListen(config.MetricsListen);
            }
            catch (FormatException e)
            {
                Fail("metrics_listen", e.Message);
            }
        }
        if (config.Ports.Count == 0)
            Fail("ports", "no ports configured: add at least one (see config/appliance.yaml)");
        var names = new HashSet<string>();
        IReadOnlyList<int> allowedCores = CorePinning.AllowedCores(); // taskset and cpusets included
        for (int i = 0; i < config.Ports.Count; i++)
        {
            PortConfig port = config.Ports[i];
            string key = $"ports[{i}]";
            if (string.IsNullOrWhiteSpace(port.Name))
                Fail(key + ".name", "every port needs a name");
            if (!names.Add(port.Name))
                Fail(key + ".name", $"port name '{port.Name}' is used twice");
            if (port.BurstSize is < 1 or > 256)
                Fail(key + ".burst_size", $"{port.BurstSize} is not between 1 and 256");
            if (port.Idle is not ("busy-poll" or "backoff"))
                Fail(key + ".idle", $"'{port.Idle}' is not busy-poll or backoff");
            foreach (int core in port.Cores)
                if (!allowedCores.Contains(core))
                    Fail(key + ".cores",
                        $"core {core} does not exist or this process may not run on it (it may run on cores {CorePinning.Describe(allowedCores)})");
            switch (port.Type)
            {
                case "replay":
                    if (string.IsNullOrEmpty(port.File))
                        Fail(key + ".file", "a replay port needs the capture file to replay");
                    break;
                case "dpdk":
                    if (string.IsNullOrEmpty(port.Device))
                        Fail(key + ".device", "a dpdk port needs the ethdev name (e.g. net_pcap0, or a PCI address)");
                    if (port.Queues < 1 || port.Queues > 1024)
                        Fail(key + ".queues", $"{port.Queues} is not between 1 and 1024");
                    if (port.Cores.Count > 0 && port.Cores.Count != port.Queues)
                        Fail(key + ".cores", $"give one core per queue ({port.Queues}), or none");
                    break;
                case "afxdp":
                    if (string.IsNullOrEmpty(port.Device))
                        Fail(key + ".device", "an afxdp port needs the interface name");
                    if (port.XdpMode is not ("native" or "generic" or "auto"))
                        Fail(key + ".xdp_mode", $"'{port.XdpMode}' is not native, generic or auto");
                    if (port.ZeroCopy is not ("require" or "prefer" or "never"))
                        Fail(key + ".zero_copy", $"'{port.ZeroCopy}' is not require, prefer or never");
                    if (port.Cores.Count > 0 && port.Cores.Count != port.Queues)
                        Fail(key + ".cores", $"give one core per queue ({port.Queues}), or none");
                    break;
                default:
                    Fail(key + ".type", $"unknown port type '{port.Type}' (known: replay, dpdk, afxdp)");
                    break;
            }
        }
        var recorderNames = new HashSet<string>();
        for (int i = 0; i < config.Recorders.Count; i++)
        {
            RecorderConfig recorder = config.Recorders[i];
            string key = $"recorders[{i}]";
            if (string.IsNullOrWhiteSpace(recorder.Name) || !recorderNames.Add(recorder.Name))
                Fail(key + ".name", $"every recorder needs a unique name ('{recorder.Name}')");
            if (!names.Contains(recorder.Port))
                Fail(key + ".port", $"unknown port '{recorder.Port}' (ports: {string.Join(", ", names)})");
            if (string.IsNullOrWhiteSpace(recorder.Path))
                Fail(key + ".path", "a recorder needs the file to write");
            if (recorder.Format is not ("pcap" or "pcapng"))
                Fail(key + ".format", $"'{recorder.Format}' is not pcap or pcapng");
            if (recorder.Precision is not ("micro" or "nano"))
                Fail(key + ".precision", $"'{recorder.Precision}' is not micro or nano");
            if (recorder.BufferBytes <= 0 || recorder.BufferBytes % Environment.SystemPageSize != 0)
                Fail(key + ".buffer_bytes", $"{recorder.BufferBytes} is not a positive multiple of the page size {Environment.SystemPageSize}");
            if (recorder.Snaplen == 0)
                Fail(key + ".snaplen", "must be at least 1");
        }
    }
}
