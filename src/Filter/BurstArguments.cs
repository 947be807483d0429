namespace Probe.Filter;

/// <summary>The argument check every <see cref="IPacketFilter.RunBurst"/> shares.</summary>
internal static class BurstArguments
{
    public static void Check(PacketBurst packets, Span<uint> results)
    {
        if (results.Length < packets.Length)
            throw new ArgumentException($"{packets.Length} packets need {packets.Length} results, the span holds {results.Length}", nameof(results));
    }
}
