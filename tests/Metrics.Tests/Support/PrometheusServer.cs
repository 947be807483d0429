using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Probe.Ingest.Tests;
using YamlDotNet.RepresentationModel;

namespace Probe.Metrics.Tests;

/// <summary>A result of an instant query: one series' labels and its value at the evaluation time.</summary>
internal sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        $"{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString("R", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A real Prometheus server (Debian's /usr/bin/prometheus) on a loopback port and a private storage directory,
/// configured from the repository's config/prometheus/prometheus.yml with only the target and the intervals changed,
/// and queried through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string JobName = "probe-appliance";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TempDirectory _dir = new();
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrometheusServer(string target, TimeSpan scrapeInterval)
    {
        ScrapeInterval = scrapeInterval;
        string configPath = WriteConfig(_dir, target, scrapeInterval);
        int port = FreeTcpPort.Next();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[]
                 {
                     $"--config.file={configPath}", $"--storage.tsdb.path={_dir.File("data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
            start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Binary}");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public Uri BaseUri { get; }

    public TimeSpan ScrapeInterval { get; }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>Starts the server scraping <paramref name="target"/> (host:port) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, TimeSpan scrapeInterval)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: apt-get install -y --no-install-recommends prometheus");
        var server = new PrometheusServer(target, scrapeInterval);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The repository's scrape configuration with the appliance's target and shorter intervals; its rule files are
    /// copied beside it so that the relative rule_files globs resolve as they do in production.
    /// </summary>
    private static string WriteConfig(TempDirectory dir, string target, TimeSpan scrapeInterval)
    {
        string shipped = Path.Combine(RepoPaths.Root, "config", "prometheus");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(shipped, "prometheus.yml")))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string interval = string.Create(CultureInfo.InvariantCulture, $"{(int)scrapeInterval.TotalMilliseconds}ms");
        var global = (YamlMappingNode)root["global"];
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode(interval);
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode(interval);
        global.Children[new YamlScalarNode("scrape_timeout")] = new YamlScalarNode(interval);
        YamlMappingNode job = ((YamlSequenceNode)root["scrape_configs"]).Children.Cast<YamlMappingNode>()
            .Single(j => ((YamlScalarNode)j["job_name"]).Value == JobName);
        var staticConfig = (YamlMappingNode)((YamlSequenceNode)job["static_configs"]).Children.Single();
        staticConfig.Children[new YamlScalarNode("targets")] = new YamlSequenceNode(new YamlScalarNode(target));
        string path = dir.File("prometheus.yml");
        using (var writer = new StreamWriter(path))
            yaml.Save(writer, assignAnchors: false);
        string rules = Path.Combine(shipped, "rules");
        if (Directory.Exists(rules))
        {
            Directory.CreateDirectory(dir.File("rules"));
            foreach (string file in Directory.GetFiles(rules))
                File.Copy(file, Path.Combine(dir.File("rules"), Path.GetFileName(file)));
        }
        return path;
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using HttpResponseMessage ready = await Http.GetAsync(new Uri(BaseUri, "-/ready"));
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"prometheus was not ready within {limit}:\n{Log}");
    }

    /// <summary>An instant query (/api/v1/query) at the server's current time. A scalar result is one unlabelled sample.</summary>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string expr)
    {
        JsonElement data = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(expr)}", expr);
        string type = data.GetProperty("resultType").GetString()!;
        JsonElement result = data.GetProperty("result");
        return type switch
        {
            "vector" => result.EnumerateArray().Select(s => new PromSample(
                s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                ParseValue(s.GetProperty("value")))).ToList(),
            "scalar" => [new PromSample(new Dictionary<string, string>(), ParseValue(result))],
            _ => throw new InvalidOperationException($"{expr}: unexpected result type {type}"),
        };
    }

    /// <summary>What Grafana's label_values(match, label) lists: /api/v1/label/LABEL/values?match[]=MATCH.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        JsonElement data = await GetAsync(
            $"api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(match)}", $"label_values({match}, {label})");
        return data.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The health of the appliance's scrape target as Prometheus last saw it ("up", "down", "unknown").</summary>
    public async Task<(string Health, string LastError)> TargetHealthAsync()
    {
        JsonElement data = await GetAsync("api/v1/targets?state=active", "targets");
        JsonElement target = data.GetProperty("activeTargets").EnumerateArray()
            .Single(t => t.GetProperty("labels").GetProperty("job").GetString() == JobName);
        return (target.GetProperty("health").GetString()!, target.GetProperty("lastError").GetString()!);
    }

    /// <summary>Every loaded rule with its evaluation health ("ok", "err", "unknown") and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string LastError)>> RulesAsync()
    {
        JsonElement data = await GetAsync("api/v1/rules", "rules");
        return data.GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out JsonElement e) ? e.GetString() ?? "" : ""))
            .ToList();
    }

    private async Task<JsonElement> GetAsync(string relative, string what)
    {
        using HttpResponseMessage response = await Http.GetAsync(new Uri(BaseUri, relative));
        string body = await response.Content.ReadAsStringAsync();
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException(
                $"prometheus rejected {what}: {root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        return root.GetProperty("data").Clone();
    }

    private static double ParseValue(JsonElement pair) => pair[1].GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        string v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
        null => throw new FormatException("a sample without a value"),
    };

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            if (_log.Length < 64 * 1024)
                _log.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _dir.Dispose();
    }
}
