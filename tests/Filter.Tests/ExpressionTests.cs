using Probe.Filter.Expressions;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>Expressions compiled by libpcap: every invalid one fails with exactly the text tcpdump shows.</summary>
public sealed class ExpressionTests
{
    public static TheoryData<string> Invalid => new(Corpus.InvalidExpressions);

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidExpressionFailsWithLibpcapsMessage(string expression)
    {
        var error = Assert.Throws<PcapCompileException>(() => PcapExpression.Compile(expression, LinkType.Ethernet));
        Assert.Equal(expression, error.Expression);
        // tcpdump prints pcap_geterr's text after its own name, and exits 1.
        Tcpdump.Result tcpdump = Tcpdump.Run("-d", "-y", "EN10MB", expression);
        Assert.Equal(1, tcpdump.ExitCode);
        Assert.Equal("", tcpdump.StandardOutput);
        Assert.Equal($"tcpdump: {error.Message}\n", tcpdump.StandardError);
    }

    [Fact]
    public void AnExpressionLibpcapCannotCompileForTheLinkTypeGetsItsMessage()
    {
        var error = Assert.Throws<PcapCompileException>(() => PcapExpression.Compile("wlan type mgt", LinkType.Ethernet));
        Tcpdump.Result tcpdump = Tcpdump.Run("-d", "-y", "EN10MB", "wlan type mgt");
        Assert.Equal($"tcpdump: {error.Message}\n", tcpdump.StandardError);
    }

    [Fact]
    public void TheEmptyExpressionAcceptsEverythingUpToTheSnapLength()
    {
        BpfProgram program = PcapExpression.Compile("", LinkType.Ethernet, snapLength: 1500);
        Assert.Equal(1500u, PacketFilter.Create(program).Run(new byte[60], 60));
        Assert.IsType<ConstantFilter>(PacketFilter.Create(program));
    }

    [Fact]
    public void TheOptimizerSwitchAndTheNetmaskReachLibpcap()
    {
        Assert.Equal(Tcpdump.Run("-d", "-O", "-y", "EN10MB", "tcp or udp").StandardOutput,
            BpfProgramPrinter.Format(PcapExpression.Compile("tcp or udp", LinkType.Ethernet, optimize: false), BpfDumpFormat.Image));
        var error = Assert.Throws<PcapCompileException>(() => PcapExpression.Compile("ip broadcast", LinkType.Ethernet, netmask: PcapExpression.UnknownNetmask));
        Assert.Contains("netmask", error.Message);
        PcapExpression.Compile("ip broadcast", LinkType.Ethernet); // tcpdump's netmask 0 compiles
    }

    [Fact]
    public void ACaptureFileThatLibpcapCannotReadIsReportedWithItsReason()
    {
        string path = Path.Combine(Corpus.FiltersDirectory, "valid.txt");
        var error = Assert.Throws<IOException>(() => PcapExpression.CompileForCaptureFile("tcp", path));
        Assert.Contains("format", error.Message); // libpcap: "unknown file format"
    }

    [Fact]
    public void ANulCharacterIsRefusedRatherThanSilentlyCuttingTheExpression()
    {
        var error = Assert.Throws<ArgumentException>(() => PcapExpression.Compile("tcp\0 and udp", LinkType.Ethernet));
        Assert.Contains("NUL", error.Message);
    }
}
