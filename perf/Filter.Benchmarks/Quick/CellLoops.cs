using System.Runtime.CompilerServices;

namespace Probe.Filter.Benchmarks.Quick;

/// <summary>One timed pass: <paramref name="passes"/> times over every frame of the arena; returns the sum of the results.</summary>
internal delegate uint TimedPass(IPacketFilter filter, PacketArena arena, uint[] results, long passes);

/// <summary>
/// The timing loops of one cell (see <see cref="CellTag"/>). The loop bodies are those of FilterBenchmarks'
/// RunOver and RunBurstsOver, so both modes measure the same calls; the arena pass is a method of its own, as a
/// BenchmarkDotNet benchmark method is, called from the repeat loop.
/// </summary>
internal static class CellLoops<TTag> where TTag : struct
{
    public static readonly TimedPass PerPacket = (filter, arena, _, passes) =>
    {
        uint kept = 0;
        for (long pass = 0; pass < passes; pass++)
            kept += RunOver(filter, arena);
        return kept;
    };

    public static readonly TimedPass Bursts = (filter, arena, results, passes) =>
    {
        uint kept = 0;
        for (long pass = 0; pass < passes; pass++)
            kept += RunBurstsOver(filter, arena, results);
        return kept;
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe uint RunOver(IPacketFilter filter, PacketArena arena)
    {
        uint[] lengths = arena.Lengths;
        uint kept = 0;
        foreach (int i in arena.Order)
            kept += filter.Run(new ReadOnlySpan<byte>(arena.Frame(i), (int)lengths[i]), lengths[i]);
        return kept;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint RunBurstsOver(IPacketFilter filter, PacketArena arena, uint[] results)
    {
        ReadOnlySpan<PacketRef> packets = arena.Bursts;
        int burst = results.Length;
        uint kept = 0;
        for (int start = 0; start < packets.Length; start += burst)
        {
            filter.RunBurst(packets.Slice(start, burst), results);
            foreach (uint result in results)
                kept += result;
        }
        return kept;
    }
}
