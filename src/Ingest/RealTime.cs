namespace Probe.Ingest;

/// <summary>CLOCK_REALTIME as (seconds, nanoseconds): the arrival stamp for sources whose device gives none.</summary>
public static class RealTime
{
    public static (long Seconds, ulong Nanoseconds) Now()
    {
        long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks; // 100 ns units
        return (ticks / TimeSpan.TicksPerSecond, (ulong)(ticks % TimeSpan.TicksPerSecond) * 100);
    }
}
