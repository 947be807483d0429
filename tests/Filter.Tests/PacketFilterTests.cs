using Probe.Filter.Compiler;
using Probe.Filter.Expressions;

namespace Probe.Filter.Tests;

/// <summary>The factory: which engine a descriptor gets, and the switch that turns the compiler off.</summary>
[Collection(nameof(PacketFilterTests))] // flips a process-wide AppContext switch: nothing else may run meanwhile
[CollectionDefinition(nameof(PacketFilterTests), DisableParallelization = true)]
public sealed class PacketFilterTests
{
    private static readonly BpfProgram Udp = PcapExpression.Compile("udp", LinkType.Ethernet);

    [Fact]
    public void EachEngineIsWhatWasAskedFor()
    {
        Assert.IsType<CompiledFilter>(PacketFilter.Create(Udp));
        Assert.IsType<InterpretedFilter>(PacketFilter.Create(Udp, FilterEngine.Interpreter));
        Assert.IsType<LibpcapFilter>(PacketFilter.Create(Udp, FilterEngine.Libpcap));
        Assert.Throws<ArgumentOutOfRangeException>(() => PacketFilter.Create(Udp, (FilterEngine)42));
    }

    [Fact]
    public void AConstantProgramNeedsNoCode()
    {
        var acceptAll = new BpfProgram([BpfInstruction.Statement(BpfOpcode.RET | BpfOpcode.K, 262144)]);
        var filter = Assert.IsType<ConstantFilter>(PacketFilter.Create(acceptAll));
        Assert.Equal(262144u, filter.Run([], 0));
    }

    [Fact]
    public void TheSwitchTurnsTheCompilerOff()
    {
        AppContext.SetSwitch(PacketFilter.DisableCompilerSwitch, true);
        try
        {
            Assert.IsType<InterpretedFilter>(PacketFilter.Create(Udp));
        }
        finally
        {
            AppContext.SetSwitch(PacketFilter.DisableCompilerSwitch, false);
        }
        Assert.IsType<CompiledFilter>(PacketFilter.Create(Udp));
    }

    [Fact]
    public void ACompiledFilterRecordsItsCompileTime()
    {
        var compiled = Assert.IsType<CompiledFilter>(PacketFilter.Create(Udp));
        Assert.InRange(compiled.CompileTime, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5));
        Assert.Same(Udp, compiled.Program);
    }

    [Fact]
    public void ABurstOverRecordsSmallerThanAPacketRefIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => PacketBurst.OverPrefix<long>(new long[4]));
        Assert.Contains("too small to begin with a PacketRef", error.Message);
    }

    [Fact]
    public void ABurstIndexOutsideItsPacketsIsRefused()
    {
        var packets = new PacketRef[3];
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PacketBurst)packets)[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PacketBurst)packets)[-1]);
    }

    [Fact]
    public void ABurstNeedsAResultForEveryPacket()
    {
        var packets = new PacketRef[2];
        foreach (FilterEngine engine in Enum.GetValues<FilterEngine>())
        {
            IPacketFilter filter = PacketFilter.Create(Udp, engine);
            var error = Assert.Throws<ArgumentException>(() => filter.RunBurst(packets, new uint[1]));
            Assert.Contains("2 packets need 2 results", error.Message);
        }
    }

    [Fact]
    public async Task TheBurstShapeIsCompiledInTheBackgroundUnlessDeclined()
    {
        var withBurst = Assert.IsType<CompiledFilter>(BpfIlCompiler.TryCompile(Udp));
        await withBurst.BurstCompilation;
        Assert.True(withBurst.HasCompiledBurst);

        var withoutBurst = Assert.IsType<CompiledFilter>(BpfIlCompiler.TryCompile(Udp, withBurstShape: false));
        Assert.True(withoutBurst.BurstCompilation.IsCompleted);
        Assert.False(withoutBurst.HasCompiledBurst);
    }
}
