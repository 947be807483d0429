using Probe.Filter.Expressions;
using Probe.Filter.Tests.Support;

namespace Probe.Filter.Tests;

/// <summary>The expression text from arguments and -F files is what tcpdump compiles.</summary>
public sealed class FilterExpressionTextTests
{
    [Fact]
    public void ArgumentsAreJoinedAsTcpdumpJoinsThem()
    {
        string[] arguments = ["tcp", "port", "80", "and", "not", "host 10.0.0.1"];
        string expression = FilterExpressionText.FromArguments(arguments);
        Assert.Equal(Tcpdump.Run(["-d", "-y", "EN10MB", .. arguments]).StandardOutput,
            BpfProgramPrinter.Format(PcapExpression.Compile(expression, LinkType.Ethernet), BpfDumpFormat.Image));
        Assert.Equal("", FilterExpressionText.FromArguments([]));
    }

    [Fact]
    public void AFilterFileLosesItsCommentsAsWithTcpdumpF()
    {
        string path = Path.Combine(Path.GetTempPath(), $"probe-filter-{Environment.ProcessId}.txt");
        File.WriteAllText(path, "# web traffic\ntcp port 80 # plain http\n  or tcp port 443\n#and udp");
        try
        {
            string expression = FilterExpressionText.FromFile(path);
            Assert.DoesNotContain("#", expression);
            Tcpdump.Result tcpdump = Tcpdump.Run("-d", "-y", "EN10MB", "-F", path);
            Assert.Equal(0, tcpdump.ExitCode);
            Assert.Equal(tcpdump.StandardOutput, BpfProgramPrinter.Format(PcapExpression.Compile(expression, LinkType.Ethernet), BpfDumpFormat.Image));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFilterFileNamesTheFile()
    {
        var error = Assert.Throws<IOException>(() => FilterExpressionText.FromFile("/nonexistent/filter"));
        Assert.StartsWith("can't open /nonexistent/filter: ", error.Message);
    }
}
