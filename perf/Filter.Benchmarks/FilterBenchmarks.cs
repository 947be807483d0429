using BenchmarkDotNet.Attributes;
using Probe.Filter.Expressions;

namespace Probe.Filter.Benchmarks;

/// <summary>
/// ns per packet for each filter on each engine, all over the same frames:
/// <list type="bullet">
/// <item>Hot: 256 frames of mixed traffic (64 KiB, cache-resident), in order;</item>
/// <item>HotOneFlow: 256 copies of one pktgen frame (IPv4/UDP to port 9): no branch ever mispredicts;</item>
/// <item>Cold: 1M frames of mixed traffic (256 MiB) in random order: a cache miss on every header.</item>
/// </list>
/// The filter is called through IPacketFilter: <c>Run</c> once per packet, and (the *Burst methods)
/// <c>RunBurst</c> once per burst of 32, the size of a typical receive burst.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[HideColumns("Error", "StdDev", "RatioSD")]
[MedianColumn]
public class FilterBenchmarks
{
    public const int HotFrames = 256;
    public const int ColdFrames = 1 << 20;
    public const int BurstSize = 32;
    public const int Seed = 9;

    private PacketArena? _hot, _hotOneFlow, _cold;
    private IPacketFilter _filter = null!;
    private readonly uint[] _results = new uint[BurstSize];

    [Params("accept-all", "udp", "tcp port 80", "ip and udp and dst port 9", "vlan and tcp", "ip6 and ip6[6] = 6", "net 10.0.0.0/8 and not port 22")]
    public string Filter { get; set; } = "";

    [Params(FilterEngine.Compiled, FilterEngine.Interpreter, FilterEngine.Libpcap)]
    public FilterEngine Engine { get; set; }

    // Each benchmark runs in a process of its own: build only the arenas it reads (the cold one takes
    // 256 MiB and a second to fill).
    [GlobalSetup(Targets = [nameof(Hot), nameof(HotOneFlow), nameof(HotBurst), nameof(HotOneFlowBurst)])]
    public void SetupHot()
    {
        CreateFilter();
        _hot = new PacketArena(HotFrames, shuffled: false, Seed);
        _hotOneFlow = new PacketArena(HotFrames, shuffled: false, Seed, oneFlow: true);
    }

    [GlobalSetup(Targets = [nameof(Cold), nameof(ColdBurst)])]
    public void SetupCold()
    {
        CreateFilter();
        _cold = new PacketArena(ColdFrames, shuffled: true, Seed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hot?.Dispose();
        _hotOneFlow?.Dispose();
        _cold?.Dispose();
    }

    private void CreateFilter() => _filter = CreateFilter(Filter, Engine);

    /// <summary>The filter as every benchmark measures it (also used by the quick mode, QuickFilterTimer).</summary>
    internal static IPacketFilter CreateFilter(string filter, FilterEngine engine)
    {
        // accept-all is what tcpdump compiles for an empty expression: ret #262144.
        BpfProgram program = PcapExpression.Compile(filter == "accept-all" ? "" : filter, LinkType.Ethernet);
        IPacketFilter created = PacketFilter.Create(program, engine);
        (created as Compiler.CompiledFilter)?.BurstCompilation.Wait(); // measure the generated burst loop, not the fallback
        return created;
    }

    [Benchmark(OperationsPerInvoke = HotFrames)]
    public uint Hot() => RunOver(_hot!);

    [Benchmark(OperationsPerInvoke = HotFrames)]
    public uint HotOneFlow() => RunOver(_hotOneFlow!);

    [Benchmark(OperationsPerInvoke = ColdFrames)]
    public uint Cold() => RunOver(_cold!);

    [Benchmark(OperationsPerInvoke = HotFrames)]
    public uint HotBurst() => RunBurstsOver(_hot!);

    [Benchmark(OperationsPerInvoke = HotFrames)]
    public uint HotOneFlowBurst() => RunBurstsOver(_hotOneFlow!);

    [Benchmark(OperationsPerInvoke = ColdFrames)]
    public uint ColdBurst() => RunBurstsOver(_cold!);

    /// <summary>The sum of the results, so no call can be optimised away.</summary>
    private unsafe uint RunOver(PacketArena arena)
    {
        IPacketFilter filter = _filter;
        uint[] lengths = arena.Lengths;
        uint kept = 0;
        foreach (int i in arena.Order)
            kept += filter.Run(new ReadOnlySpan<byte>(arena.Frame(i), (int)lengths[i]), lengths[i]);
        return kept;
    }

    private uint RunBurstsOver(PacketArena arena)
    {
        IPacketFilter filter = _filter;
        uint[] results = _results;
        ReadOnlySpan<PacketRef> packets = arena.Bursts;
        uint kept = 0;
        for (int start = 0; start < packets.Length; start += BurstSize)
        {
            filter.RunBurst(packets.Slice(start, BurstSize), results);
            foreach (uint result in results)
                kept += result;
        }
        return kept;
    }
}
