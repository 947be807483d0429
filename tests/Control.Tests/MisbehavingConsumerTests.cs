using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Probe.Capture.Tests;
using Probe.Zbuf;
using Probe.Zbuf.Control;
using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.Tests;

/// <summary>
/// Consumers that send malformed requests, scribble over their headers or die mid-buffer: every refusal has its
/// reason, the appliance keeps running, others are unaffected, and a dead consumer's descriptors are gone in a second.
/// </summary>
public sealed class MisbehavingConsumerTests : IDisposable
{
    private readonly LiveAppliance _appliance = new(frames: 10_000, ratePps: 5_000, passes: 0);

    public void Dispose() => _appliance.Dispose();

    private static ControlException Refused(Action request) => Assert.Throws<ControlException>(request);

    private static SharedBuffer Memfd(int size) => SharedBuffer.Create("loan", size, HugepagePolicy.Never, out _);

    [Fact]
    public void Malformed_requests_are_refused_with_their_reason_and_the_connection_stays_usable()
    {
        using ControlClient c = _appliance.Connect();
        Assert.Contains("attach to an interface first", Refused(() => c.LoanBuffers(8192, [])).Reason);
        Assert.Contains("no interface 'eth9'", Refused(() => c.Attach("eth9")).Reason);
        Assert.Contains("buffered mode", Refused(() => c.SetBufferMode(1)).Reason);
        Assert.Equal(1, c.Attach("demo0").Queues);
        Assert.Contains("already attached", Refused(() => c.Attach("demo0")).Reason);

        using SharedBuffer a = Memfd(8192), b = Memfd(8192), odd = Memfd(12288);
        Assert.Contains("needs 2 (A and B per queue)", Refused(() => c.LoanBuffers(8192, [a.Fd])).Reason);
        Assert.Contains("are the same memfd", Refused(() => c.LoanBuffers(8192, [a.Fd, a.Fd])).Reason);
        Assert.Contains("buffer 1 is 12288 bytes, not the declared 8192", Refused(() => c.LoanBuffers(8192, [a.Fd, odd.Fd])).Reason);
        Assert.Contains("not a positive multiple of the page size", Refused(() => c.LoanBuffers(5000, [a.Fd, b.Fd])).Reason);
        uint max = c.GetMaxBufferSize();
        Assert.Contains("above the maximum", Refused(() => c.AllocateBuffers((int)max + 4096, HugepagePolicy.Never, out _)).Reason);
        Assert.Contains("can't parse filter expression", Refused(() => c.SetFilterExpression("tcp port")).Reason);
        // An invalid program: a jump out of range, named by its instruction index.
        ControlException jump = Refused(() => c.SetFilter([(0x15, 5, 0, 0x800), (0x06, 0, 0, 0xffff)]));
        Assert.Contains("0", jump.Reason);
        Assert.Contains("unknown request 999", Refused(() => c.Call((ControlOp)999, new PayloadWriter())).Reason);
        byte[] lying = PayloadWriter.Request(ControlOp.SetSnapLength, 77, [1, 0, 0, 0, 9]);
        lying[8] = 4; // payload_length claims 4 bytes; 5 follow
        Assert.Contains("payload_length says 4 bytes but 5 followed", Refused(() => c.CallRaw(ControlOp.SetSnapLength, lying, [], null)).Reason);
        Assert.Contains("payload too short", Refused(() => c.Call(ControlOp.SetSnapLength, new PayloadWriter().U16(1))).Reason);

        // Still usable: loaning a proper pair starts capture.
        c.LoanBuffers(8192, [a.Fd, b.Fd]);
        Assert.Single(c.GetStatistics().Queues);
        c.Lock();
        Assert.Contains("locked", Refused(() => c.SetSnapLength(100)).Reason);
    }

    [Fact]
    public async Task A_consumer_that_scribbles_over_its_headers_hurts_nobody_else()
    {
        string good = Path.Combine(_appliance.Directory, "good.pcap");
        using ControlClient scribbler = _appliance.Connect();
        scribbler.Attach("demo0");
        IReadOnlyList<ZbufReader> readers = scribbler.AllocateBuffers(64 * 1024, HugepagePolicy.Never, out _);
        Task<Tool.Result> other = Task.Run(() => _appliance.Zcap("-i", "demo0", "-w", good, "-c", "3000"));
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
        while (DateTime.UtcNow < until)
        {
            if (readers[0].TryAcquire(out ZbufLease lease))
            {
                ScribbleHeader(readers[0], lease);
                readers[0].Release(lease);
            }
            Thread.Sleep(1); // a scribbler, not a CPU hog: the other consumer must not lose packets to starvation
        }
        Tool.Result r = await other.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3000 packets captured", r.Stderr);
        Assert.Contains("0 packets dropped by kernel", r.Stderr);
        Assert.Equal(3000, PacketCount.Of(good));
        scribbler.GetStatistics(); // the appliance still answers the scribbler itself
        foreach (ZbufReader reader in readers)
            reader.Dispose();
    }

    private static unsafe void ScribbleHeader(ZbufReader reader, ZbufLease lease)
    {
        // The lease's bytes start right after the 32-byte header: write garbage over kernel_gen, kernel_len, pad.
        fixed (byte* records = &System.Runtime.InteropServices.MemoryMarshal.GetReference(lease.Bytes))
        {
            byte* header = records - SharedHeader.Size;
            *(uint*)(header + SharedHeader.KernelGenOffset) = 0xDEADBEEF;
            *(uint*)(header + SharedHeader.KernelLenOffset) = 0xFFFFFFFF;
            *(uint*)(header + SharedHeader.PadOffset) = 0x12345678;
        }
    }

    [Fact]
    public async Task A_consumer_killed_mid_buffer_is_cleaned_up_within_a_second_and_others_carry_on()
    {
        string good = Path.Combine(_appliance.Directory, "good.pcap");
        Task<Tool.Result> other = Task.Run(() => _appliance.Zcap("-i", "demo0", "-w", good, "-c", "8000"));
        string victimOut = Path.Combine(_appliance.Directory, "victim.pcap");
        using Process victim = Process.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "zcap.dll"),
            "--socket", _appliance.SocketPath, "-i", "demo0", "-w", victimOut, "-B", "64"])!;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!_appliance.Stat().Contains($" {victim.Id} ") && DateTime.UtcNow < deadline)
            Thread.Sleep(50);
        Assert.Contains($"{victim.Id} ", _appliance.Stat());
        Thread.Sleep(500); // mid-capture: it holds or is about to hold a buffer

        victim.Kill();
        victim.WaitForExit();
        var killed = Stopwatch.StartNew();
        while (_appliance.Stat().Contains($" {victim.Id} ") && killed.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(1), $"descriptors of the killed consumer lingered {killed.Elapsed}");
        Assert.DoesNotContain($" {victim.Id} ", _appliance.Stat());

        Tool.Result r = await other.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("8000 packets captured", r.Stderr);
        Assert.Contains("0 packets dropped by kernel", r.Stderr);
    }
}
