using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// The capturer started under capsh with capabilities dropped (from the bounding set, so the exec'd process never
/// has them): the error must name exactly what is missing, and nothing may be left attached.
/// </summary>
public sealed class CapabilityTests : IClassFixture<LabFixture>
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public CapabilityTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private VethLab Lab => _fixture.Lab;

    /// <param name="drop">what capsh drops</param>
    /// <param name="missing">what the error must name</param>
    [Theory]
    [InlineData("cap_net_admin", "CAP_NET_ADMIN")]
    [InlineData("cap_bpf,cap_sys_admin", "CAP_BPF")] // CAP_SYS_ADMIN alone also grants what CAP_BPF does
    [InlineData("cap_net_raw", "CAP_NET_RAW")]
    [InlineData("cap_ipc_lock", "CAP_IPC_LOCK")] // a 16 MiB UMEM, the memlock limit 8 MiB
    public void A_missing_capability_is_named(string drop, string missing)
    {
        using var capturer = CapturerProcess.Start(["-i", Lab.CaptureInterface, "--frame-count", "4096"], dropCapabilities: drop);
        Assert.Equal(3, capturer.WaitForExit(Startup));
        _output.WriteLine(capturer.ToString());
        Assert.Equal([missing], capturer.MissingCapabilities());
        Assert.Contains(missing, capturer.Error);
        Assert.Null(Lab.AttachedProgram());
    }

    [Theory]
    [InlineData("cap_bpf", "4096")] // CAP_SYS_ADMIN covers program load and map creation
    [InlineData("cap_ipc_lock", "256")] // a 1 MiB UMEM fits under the 8 MiB memlock limit
    public void A_capability_that_is_not_needed_is_not_demanded(string drop, string frames)
    {
        using var capturer = CapturerProcess.Start(["-i", Lab.CaptureInterface, "--frame-count", frames], dropCapabilities: drop);
        Assert.True(capturer.WaitForReady(Startup), capturer.ToString());
        Assert.Equal(0, capturer.Stop());
        Assert.Null(Lab.AttachedProgram());
    }

    [Fact]
    public void A_memlock_failure_in_the_kernel_names_CAP_IPC_LOCK()
    {
        // Pinned UMEM pages count per user, over all of the user's processes. A first capture (on the sender side,
        // in the namespace) pins 4 MiB; the second asks for 8 MiB, which alone passes the up-front check against the
        // 8 MiB limit, so it is the kernel's registration that refuses (ENOBUFS).
        using var first = CapturerProcess.Start(["-i", Lab.SenderInterface, "--frame-count", "1024"],
            dropCapabilities: "cap_ipc_lock", netns: Lab.Namespace);
        Assert.True(first.WaitForReady(Startup), first.ToString());
        using var second = CapturerProcess.Start(["-i", Lab.CaptureInterface, "--frame-count", "2048"],
            dropCapabilities: "cap_ipc_lock");
        Assert.Equal(3, second.WaitForExit(Startup));
        _output.WriteLine(second.ToString());
        Assert.Contains("registering the 8 MiB UMEM failed", second.Error);
        Assert.Contains("ENOBUFS", second.Error);
        Assert.Contains("locked-memory limit", second.Error);
        Assert.Equal(["CAP_IPC_LOCK"], second.MissingCapabilities());
        Assert.Equal(0, first.Stop());
        Assert.Null(Lab.AttachedProgram());
    }
}
