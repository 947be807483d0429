namespace Probe.Metrics.Tests;

/// <summary>
/// One appliance and one Prometheus scraping it every second, shared by the tests of the "live stack" collection
/// (starting them takes seconds; the tests only read). Ready when the fixed port has settled and Prometheus holds
/// enough scrapes taken after that for rates over the dashboard's rate interval.
/// </summary>
public sealed class LiveStack : IAsyncLifetime
{
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    internal LiveAppliance Appliance { get; private set; } = null!;

    internal PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>The appliance's scrape once the fixed port's counters stopped changing.</summary>
    internal Exposition Settled { get; private set; } = null!;

    /// <summary>Unix time (s) when <see cref="Settled"/> was confirmed: Prometheus samples after it hold the final counts.</summary>
    internal double SettledAt { get; private set; }

    public async Task InitializeAsync()
    {
        Appliance = new LiveAppliance();
        Prometheus = await PrometheusServer.StartAsync(Appliance.Target, ScrapeInterval);
        Settled = await Appliance.WaitUntilFixedPortSettledAsync(TimeSpan.FromSeconds(60));
        SettledAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        // Rates over the dashboard's rate interval (4 scrapes) need a few samples; the comparison needs one taken
        // after settling, i.e. a scrape timestamp later than SettledAt.
        await WaitForAsync(async () =>
        {
            IReadOnlyList<PromSample> scrapes = await Prometheus.QueryAsync($"count_over_time(up{{job=\"{PrometheusServer.JobName}\"}}[1m])");
            IReadOnlyList<PromSample> last = await Prometheus.QueryAsync($"timestamp(up{{job=\"{PrometheusServer.JobName}\"}})");
            return scrapes is [{ Value: >= 6 }] && last is [{ } latest] && latest.Value > SettledAt;
        }, TimeSpan.FromSeconds(60), "six scrapes of the appliance, one after its fixed port settled");
    }

    public async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                (string health, string error) = await Prometheus.TargetHealthAsync();
                throw new TimeoutException($"no {what} within {limit}; target {health} {error}\nprometheus:\n{Prometheus.Log}\nappliance:\n{Appliance.Stderr}");
            }
            await Task.Delay(250);
        }
    }

    public Task DisposeAsync()
    {
        Prometheus?.Dispose();
        Appliance?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class LiveStackCollection : ICollectionFixture<LiveStack>
{
    public const string Name = "live stack";
}
