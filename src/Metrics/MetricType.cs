namespace Probe.Metrics;

/// <summary>The Prometheus metric types this exposition uses.</summary>
public enum MetricType
{
    Counter,
    Gauge,
}
