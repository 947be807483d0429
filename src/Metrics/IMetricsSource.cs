namespace Probe.Metrics;

/// <summary>Something whose counters are exposed: asked to write its families at every scrape.</summary>
public interface IMetricsSource
{
    void Collect(ExpositionWriter writer);
}
