using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>Bad options get an error that names the problem (and the fix), before anything is attached.</summary>
public sealed class ValidationTests : IClassFixture<LabFixture>
{
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ValidationTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private string Interface => _fixture.Lab.CaptureInterface;

    public static TheoryData<string, string> Cases() => new()
    {
        { "queues=2", "queue 2 does not exist: IF has 2 rx queue(s) (0-1); raise the count with: ethtool -L IF rx 3" },
        { "queues=0,0", "names a queue twice" },
        { "queues=-1", "queue -1 is negative" },
        { "count=0", "queue count 0 must be at least 1" },
        { "frame-size=3000", "frame size 3000 must be 2048 or 4096" },
        { "frame-count=1000", "frame count 1000 must be a power of two from 64 to 1048576" },
        { "interface=nosuchif0", "no network interface 'nosuchif0' in this network namespace" },
        { "interface=a/b", "'a/b' is not a valid interface name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_options_are_refused_with_a_message_naming_the_problem(string change, string expected)
    {
        var options = new AfXdpPortOptions { Interface = Interface };
        string[] kv = change.Split('=');
        options = kv[0] switch
        {
            "queues" => options with { Queues = kv[1].Split(',').Select(int.Parse).ToArray() },
            "count" => options with { QueueCount = int.Parse(kv[1]) },
            "frame-size" => options with { FrameSize = int.Parse(kv[1]) },
            "frame-count" => options with { FrameCount = int.Parse(kv[1]) },
            "interface" => options with { Interface = kv[1] },
            _ => throw new ArgumentException(change),
        };
        var e = Assert.Throws<AfXdpException>(() => AfXdpPort.Open(options, new TestLog(_output)));
        _output.WriteLine(e.Message);
        Assert.Contains(expected.Replace("IF", Interface), e.Message);
        Assert.Null(_fixture.Lab.AttachedProgram());
    }
}
