using Probe.Ingest.Tests;
using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// The behavioural suite of every rx backend, over a real veth: the file is sent by probe-send from the namespace
/// (pinned to CPU 0, so it leaves on tx queue 0 and arrives on rx queue 0) after the socket is ready, and the
/// queue must deliver exactly the file's frames, in order, byte for byte - the 11858-byte ones of
/// of13_ericsson.pcapng as multi-buffer packets.
/// </summary>
public abstract class VethContractTests : RxQueueContract, IClassFixture<LabFixture>
{
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    protected VethContractTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    protected abstract XdpModeRequest Mode { get; }

    /// <summary>AF_XDP carries no timestamps: packets are stamped when received (tested in TimestampTests).</summary>
    protected override bool DeliversFileTimestamps => false;

    protected override IRxQueue OpenQueue(string file)
    {
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = _fixture.Lab.CaptureInterface,
            Queues = [0],
            Mode = Mode,
            FrameCount = 1024,
        }, new TestLog(_output));
        try
        {
            ProbeSend.Result sent = ProbeSend.Send(_fixture.Lab, file, "-C", "0");
            _output.WriteLine(sent.Output);
            Assert.Equal(0, sent.Refused);
            return queues[0];
        }
        catch
        {
            queues[0].Dispose();
            throw;
        }
    }
}

public sealed class NativeVethContractTests(LabFixture fixture, ITestOutputHelper output) : VethContractTests(fixture, output)
{
    protected override XdpModeRequest Mode => XdpModeRequest.Native;
}

public sealed class GenericVethContractTests(LabFixture fixture, ITestOutputHelper output) : VethContractTests(fixture, output)
{
    protected override XdpModeRequest Mode => XdpModeRequest.Generic;
}
