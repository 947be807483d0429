using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// Mode selection: what is asked for, what the kernel grants, what is reported. A veth has native XDP but no
/// AF_XDP zero-copy, so zero_copy: require must fail with a clear error and prefer must fall back, saying so.
/// The reported XDP mode must be what iproute2 sees attached.
/// </summary>
public sealed class ModeTests : IClassFixture<LabFixture>
{
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ModeTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private VethLab Lab => _fixture.Lab;

    private AfXdpPortOptions Options(XdpModeRequest mode, ZeroCopyPolicy zeroCopy) => new()
    {
        Interface = Lab.CaptureInterface,
        QueueCount = 2,
        Mode = mode,
        ZeroCopy = zeroCopy,
        FrameCount = 256,
    };

    [Theory]
    [InlineData(XdpModeRequest.Native)]
    [InlineData(XdpModeRequest.Auto)]
    public void Zero_copy_required_on_a_veth_is_a_clear_error_and_leaves_nothing_attached(XdpModeRequest mode)
    {
        var log = new TestLog(_output);
        var e = Assert.Throws<AfXdpException>(() => AfXdpPort.Open(Options(mode, ZeroCopyPolicy.Require), log));
        _output.WriteLine(e.Message);
        Assert.Contains("queue 0", e.Message);
        Assert.Contains("zero-copy is required (zero_copy: require)", e.Message);
        Assert.Contains("EOPNOTSUPP", e.Message);
        Assert.Contains("zero_copy: prefer", e.Message);
        Assert.Equal(95, e.Errno);
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void Zero_copy_preferred_on_a_veth_falls_back_to_copy_mode_and_says_so_per_queue()
    {
        var log = new TestLog(_output);
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(Options(XdpModeRequest.Native, ZeroCopyPolicy.Prefer), log);
        try
        {
            foreach (AfXdpRxQueue queue in queues)
            {
                Assert.False(queue.Mode.ZeroCopy);
                Assert.Equal(XdpMode.Native, queue.Mode.XdpMode);
                string where = $"afxdp {Lab.CaptureInterface} queue {queue.QueueId}: ";
                Assert.Contains(log.Lines, l => l.StartsWith(where + "zero-copy unavailable") && l.Contains("EOPNOTSUPP") &&
                                                l.Contains("using copy mode as zero_copy: prefer allows"));
                Assert.Contains(log.Lines, l => l.StartsWith(where + "capturing with native XDP, copy mode"));
            }
        }
        finally
        {
            foreach (AfXdpRxQueue queue in queues)
                queue.Dispose();
        }
    }

    [Theory]
    [InlineData(XdpModeRequest.Native, XdpMode.Native, 1)]
    [InlineData(XdpModeRequest.Generic, XdpMode.Generic, 2)]
    [InlineData(XdpModeRequest.Auto, XdpMode.Native, 1)]
    public void The_mode_reported_is_the_mode_the_kernel_attached(XdpModeRequest request, XdpMode expected, int ipMode)
    {
        var log = new TestLog(_output);
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(Options(request, ZeroCopyPolicy.Never), log);
        try
        {
            Assert.Equal(("probe_xsk", ipMode), Lab.AttachedProgram() is { } p ? (p.Name, p.Mode) : default);
            Assert.All(queues, q => Assert.Equal(expected, q.Mode.XdpMode));
            Assert.All(queues, q => Assert.False(q.Mode.ZeroCopy));
            Assert.DoesNotContain(log.Lines, l => l.Contains("zero-copy unavailable")); // never was not even tried
            Assert.Equal(2, log.Lines.Count(l => l.Contains($"capturing with {(expected == XdpMode.Native ? "native" : "generic")} XDP, copy mode")));
        }
        finally
        {
            foreach (AfXdpRxQueue queue in queues)
                queue.Dispose();
        }
        Assert.Null(Lab.AttachedProgram());
        Assert.Contains(log.Lines, l => l == $"afxdp {Lab.CaptureInterface}: XDP program probe_xsk detached");
    }

    [Fact]
    public void The_program_stays_attached_until_the_last_queue_is_disposed()
    {
        IReadOnlyList<AfXdpRxQueue> queues = AfXdpPort.Open(Options(XdpModeRequest.Native, ZeroCopyPolicy.Never), new TestLog(_output));
        queues[0].Dispose();
        Assert.NotNull(Lab.AttachedProgram());
        queues[1].Dispose();
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void A_second_port_on_the_same_interface_in_one_process_is_refused()
    {
        IReadOnlyList<AfXdpRxQueue> first = AfXdpPort.Open(Options(XdpModeRequest.Native, ZeroCopyPolicy.Never) with
        {
            QueueCount = 1,
        }, new TestLog(_output));
        using AfXdpRxQueue queue = first[0];
        var e = Assert.Throws<AfXdpException>(() => AfXdpPort.Open(Options(XdpModeRequest.Native, ZeroCopyPolicy.Never) with
        {
            QueueCount = 1,
            Queues = [1],
        }, new TestLog(_output)));
        Assert.Contains("this process already captures on", e.Message);
        Assert.Contains("give all of an interface's queues to one port", e.Message);
        Assert.NotNull(Lab.AttachedProgram()); // the first port's program is untouched
    }

    [Fact]
    public void Zero_copy_required_with_generic_mode_is_refused_before_anything_is_touched()
    {
        var e = Assert.Throws<AfXdpException>(() =>
            AfXdpPort.Open(Options(XdpModeRequest.Generic, ZeroCopyPolicy.Require), new TestLog(_output)));
        Assert.Contains("zero_copy: require contradicts xdp_mode: generic", e.Message);
        Assert.Null(Lab.AttachedProgram());
    }
}
