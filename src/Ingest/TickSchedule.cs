using System.Diagnostics;

namespace Probe.Ingest;

/// <summary>
/// When the poll loop ticks its descriptors, and the clock it gives them. A tick (a clock read, reclaiming
/// returned buffers, publishing counters) costs about as much as handling a few small packets, so while bursts
/// come back full (more packets are waiting) only every eighth burst ticks: timeouts, rotation requests and the
/// published counters are then late by a few bursts, microseconds, against read timeouts of milliseconds. Full
/// stores do not wait for a tick (the descriptor rotates on its own), and a short or empty burst always ticks,
/// so an idle link's timeouts are exact.
/// </summary>
internal struct TickSchedule
{
    private const int FullBurstsPerTick = 8;
    private int _fullBursts;

    /// <summary>The clock for a tick after this burst, or null if this burst skips it.</summary>
    public long? After(bool fullBurst)
    {
        if (fullBurst && ++_fullBursts % FullBurstsPerTick != 0)
            return null;
        return Stopwatch.GetTimestamp();
    }
}
