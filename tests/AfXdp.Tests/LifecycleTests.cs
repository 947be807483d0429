using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// The XDP program's lifecycle with real processes: attached at start, detached at a clean stop, left behind by a
/// SIGKILL and then recognised as stale and replaced at the next start; other programs and live owners respected.
/// iproute2 (ip -d link) is the witness of what is attached.
/// </summary>
public sealed class LifecycleTests : IClassFixture<LabFixture>
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public LifecycleTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private VethLab Lab => _fixture.Lab;

    private string[] Arguments(params string[] extra) => ArgumentsWithFrames(1024, extra);

    private string[] ArgumentsWithFrames(int frames, params string[] extra) =>
        ["-i", Lab.CaptureInterface, "--queues", "0,1", "--mode", "native", "--frame-count", frames.ToString(), .. extra];

    [Fact]
    public async Task After_kill_9_during_capture_the_next_start_replaces_the_stale_program_captures_and_leaves_nothing_at_stop()
    {
        string file = TestFrames.Write(_fixture.Temp, 3, 2000);
        using (var first = CapturerProcess.Start(Arguments()))
        {
            Assert.True(first.WaitForReady(Startup), first.ToString());
            Assert.Equal(("probe_xsk", 1), Name(Lab.AttachedProgram()));
            // Traffic flows while the process dies.
            Task<ProbeSend.Result> during = Task.Run(() => ProbeSend.Send(Lab, file, "-C", "0", "-p", "20000"));
            Thread.Sleep(40);
            first.Kill();
            await during;
            _output.WriteLine(first.ToString());
        }
        Assert.Equal(("probe_xsk", 1), Name(Lab.AttachedProgram())); // SIGKILL ran no cleanup: the program stayed

        // More UMEM frames than frames sent: every frame must arrive however the machine's load delays the poll
        // thread, so "capture works" can mean all of them.
        using var second = CapturerProcess.Start(ArgumentsWithFrames(4096));
        Assert.True(second.WaitForReady(Startup), second.ToString());
        ProbeSend.Result sent = ProbeSend.Send(Lab, file, "-C", "0");
        Thread.Sleep(200);
        Assert.Equal(0, second.Stop());
        _output.WriteLine(second.ToString());

        Assert.Contains("replaced stale XDP program 'probe_xsk'", second.Output);
        Assert.Equal(sent.Sent, second.PacketsOf(0));
        Assert.Contains("XDP program probe_xsk detached", second.Output);
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void A_stale_program_is_an_error_naming_the_fix_when_replacing_is_off()
    {
        LeaveStaleProgram();
        try
        {
            using var capturer = CapturerProcess.Start(Arguments("--keep-stale"));
            Assert.False(capturer.WaitForReady(Startup));
            Assert.Equal(3, capturer.WaitForExit(Startup));
            _output.WriteLine(capturer.ToString());
            Assert.Contains("stale XDP program 'probe_xsk'", capturer.Error);
            Assert.Contains($"ip link set dev {Lab.CaptureInterface} xdp off", capturer.Error);
            Assert.Contains("replace_stale_program: true", capturer.Error);
            Assert.Equal(("probe_xsk", 1), Name(Lab.AttachedProgram()));
        }
        finally
        {
            ProcessRunner.Check("ip", "link", "set", "dev", Lab.CaptureInterface, "xdp", "off");
        }
    }

    [Fact]
    public void A_stale_libxdp_program_is_replaced_too()
    {
        // What a libxdp-based AF_XDP user (DPDK's net_af_xdp among them) leaves when it dies: xsk_def_prog,
        // attached over netlink, held by nobody. iproute2 can attach the same object file the same way.
        AttachWithIp("xsk_def_xdp_prog.o");
        Assert.Equal(("xsk_def_prog", 2), Name(Lab.AttachedProgram()));
        using var capturer = CapturerProcess.Start(Arguments());
        Assert.True(capturer.WaitForReady(Startup), capturer.ToString());
        Assert.Equal(0, capturer.Stop());
        Assert.Contains("replaced stale XDP program 'xsk_def_prog'", capturer.Output);
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void Another_kind_of_XDP_program_is_left_alone_with_a_message()
    {
        AttachWithIp("xdpfilt_alw_all.o");
        try
        {
            using var capturer = CapturerProcess.Start(Arguments());
            Assert.Equal(3, capturer.WaitForExit(Startup));
            _output.WriteLine(capturer.ToString());
            Assert.Contains("XDP program 'xdpfilt_alw_all'", capturer.Error);
            Assert.Contains("left alone", capturer.Error);
            Assert.Contains($"ip link set dev {Lab.CaptureInterface} xdpgeneric off", capturer.Error);
            Assert.Equal(("xdpfilt_alw_all", 2), Name(Lab.AttachedProgram()));
        }
        finally
        {
            ProcessRunner.Check("ip", "link", "set", "dev", Lab.CaptureInterface, "xdpgeneric", "off");
        }
    }

    [Fact]
    public void A_program_held_by_a_live_capture_is_refused_naming_its_process()
    {
        using var first = CapturerProcess.Start(Arguments());
        Assert.True(first.WaitForReady(Startup), first.ToString());
        using var second = CapturerProcess.Start(Arguments());
        Assert.Equal(3, second.WaitForExit(Startup));
        _output.WriteLine(second.ToString());
        Assert.Contains($"held by pid {first.Pid} (", second.Error);
        Assert.Equal(0, first.Stop());
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void Inspecting_an_attached_program_without_CAP_SYS_ADMIN_names_it()
    {
        LeaveStaleProgram();
        try
        {
            using var capturer = CapturerProcess.Start(Arguments(), dropCapabilities: "cap_sys_admin");
            Assert.Equal(3, capturer.WaitForExit(Startup));
            _output.WriteLine(capturer.ToString());
            Assert.Contains("CAP_SYS_ADMIN", capturer.Error);
            Assert.Equal(["CAP_SYS_ADMIN"], capturer.MissingCapabilities());
        }
        finally
        {
            ProcessRunner.Check("ip", "link", "set", "dev", Lab.CaptureInterface, "xdp", "off");
        }
    }

    /// <summary>A run killed with SIGKILL right after start: its program stays attached.</summary>
    private void LeaveStaleProgram()
    {
        using var run = CapturerProcess.Start(Arguments());
        Assert.True(run.WaitForReady(Startup), run.ToString());
        run.Kill();
        Assert.Equal(("probe_xsk", 1), Name(Lab.AttachedProgram()));
    }

    private void AttachWithIp(string objectFile) =>
        ProcessRunner.Check("ip", "link", "set", "dev", Lab.CaptureInterface, "xdpgeneric", "obj",
            Path.Combine("/usr/lib/x86_64-linux-gnu/bpf", objectFile), "sec", "xdp");

    private static (string, int)? Name((string Name, int Mode, int Id)? program) =>
        program is { } p ? (p.Name, p.Mode) : null;
}
