using System.Diagnostics;
using Probe.Capture.Tests;
using Probe.Zbuf;
using Probe.Zbuf.Control;
using Probe.Zbuf.SharedMemory;

namespace Probe.Ingest.Tests;

public class AccessAndWakeupTests
{
    [Fact]
    public void A_peer_not_in_the_allow_list_is_refused_and_the_refusal_is_logged()
    {
        using var appliance = new LiveAppliance(frames: 100, ratePps: 100, allowUids: "[4242]");
        using ControlClient c = appliance.Connect();
        var e = Assert.Throws<ControlException>(() => c.GetMaxBufferSize());
        Assert.Contains("uid 0 and gid 0 are not in control_allow_uids or control_allow_gids", e.Reason);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!appliance.Log.Contains("control: refused pid") && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.Contains($"appliance: control: refused pid {Environment.ProcessId} ", appliance.Log);
    }

    [Fact]
    public void An_idle_consumer_wakes_within_a_millisecond_of_a_hand_over()
    {
        // 20 packets a second in immediate mode: each packet is handed over on its own, then the link is idle.
        using var appliance = new LiveAppliance(frames: 1000, ratePps: 20, passes: 0);
        using ControlClient c = appliance.Connect();
        c.Attach("demo0");
        c.SetImmediate(true);
        IReadOnlyList<ZbufReader> readers = c.AllocateBuffers(64 * 1024, HugepagePolicy.Never, out _);
        using ConsumerWakeup wakeup = c.GetWakeup();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (latencies.Count < 30 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (!wakeup.Wait(readers, TimeSpan.FromSeconds(1)))
                continue;
            long woke = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            Assert.True(readers[0].TryAcquire(out ZbufLease lease));
            foreach (ZbufRecord r in lease.Records)
                latencies.Add((woke - (r.Seconds * 1_000_000_000 + (long)r.Fraction)) / 1e6); // ms since the poll thread stamped it
            readers[0].Release(lease);
        }
        latencies.Sort();
        double median = latencies[latencies.Count / 2];
        Assert.True(latencies.Count >= 30, $"only {latencies.Count} packets arrived");
        // Stamp-to-wake covers the poll thread's hand-over and our wake-up: well within a millisecond.
        Assert.True(median < 1.0, $"median stamp-to-wake latency {median:F3} ms (all: {string.Join(", ", latencies.Select(l => l.ToString("F3")))})");
        foreach (ZbufReader r in readers)
            r.Dispose();
    }

    [Fact]
    public void An_idle_consumer_uses_no_measurable_cpu()
    {
        // One packet every two seconds: zcap sleeps on its eventfd in between.
        using var appliance = new LiveAppliance(frames: 1000, ratePps: 1, passes: 0);
        string output = Path.Combine(appliance.Directory, "idle.pcap");
        using Process zcap = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "zcap.dll"), "--socket", appliance.SocketPath, "-i", "demo0", "-w", output])
            { RedirectStandardError = true })!;
        Thread.Sleep(3000); // start-up and JIT done
        long before = CpuTicks(zcap.Id);
        Thread.Sleep(3000);
        long used = CpuTicks(zcap.Id) - before;
        zcap.Kill();
        // Clock ticks are 10 ms: 3 s of a busy core would be 300.
        Assert.True(used <= 5, $"the idle consumer used {used * 10} ms of CPU in 3 s");
    }

    /// <summary>utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).</summary>
    private static long CpuTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
