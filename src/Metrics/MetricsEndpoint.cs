using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Probe.Metrics;

/// <summary>
/// The HTTP endpoint Prometheus scrapes: GET /metrics (text format 0.0.4) and GET /healthz (liveness), on Kestrel.
/// Every scrape collects afresh from the sources; nothing is cached, so values are as of the scrape.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app) => _app = app;

    /// <summary>The address actually bound (useful with port 0).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <param name="listen">host:port, e.g. 127.0.0.1:9477 (loopback by default: exposing it is a deliberate choice)</param>
    public static async Task<MetricsEndpoint> StartAsync(string listen, IMetricsSource source, Func<bool> healthy)
    {
        IPEndPoint endpoint = ParseListen(listen);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint));
        WebApplication app = builder.Build();
        app.MapGet("/metrics", () =>
        {
            var writer = new ExpositionWriter();
            source.Collect(writer);
            return Results.Text(writer.ToString(), ContentType);
        });
        app.MapGet("/healthz", () => healthy() ? Results.Text("ok\n") : Results.Text("unhealthy\n", statusCode: 503));
        await app.StartAsync();
        var result = new MetricsEndpoint(app);
        result.Address = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1"));
        return result;
    }

    public static IPEndPoint ParseListen(string listen)
    {
        if (!IPEndPoint.TryParse(listen, out IPEndPoint? endpoint) || endpoint.Port == 0 && !listen.EndsWith(":0", StringComparison.Ordinal))
            throw new FormatException($"metrics listen address '{listen}' is not host:port (e.g. 127.0.0.1:9477)");
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
