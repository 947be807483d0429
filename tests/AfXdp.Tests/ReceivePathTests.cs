using Xunit.Abstractions;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>Properties of Receive itself: timestamps, the allocation-free hot path, frames going back to the kernel.</summary>
public sealed class ReceivePathTests : IClassFixture<LabFixture>
{
    private readonly LabFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ReceivePathTests(LabFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private AfXdpRxQueue OpenOne(int frameCount) => AfXdpPort.Open(new AfXdpPortOptions
    {
        Interface = _fixture.Lab.CaptureInterface,
        Queues = [0],
        Mode = XdpModeRequest.Native,
        FrameCount = frameCount,
    }, new TestLog(_output))[0];

    [Fact]
    public void Packets_are_stamped_with_the_wall_clock_when_received()
    {
        using AfXdpRxQueue queue = OpenOne(1024);
        string file = TestFrames.Write(_fixture.Temp, 1, 500);
        ProbeSend.Send(_fixture.Lab, file, "-C", "0");
        var burst = new RxPacket[64];
        DateTime before = DateTime.UtcNow;
        int n = queue.Receive(burst);
        DateTime after = DateTime.UtcNow;
        Assert.True(n > 0);
        for (int i = 0; i < n; i++)
        {
            DateTime stamp = DateTime.UnixEpoch.AddTicks(burst[i].Seconds * TimeSpan.TicksPerSecond + (long)burst[i].Nanoseconds / 100);
            Assert.InRange(stamp, before.AddTicks(-10), after.AddTicks(10));
            Assert.InRange(burst[i].Nanoseconds, 0ul, 999_999_999ul);
        }
    }

    [Fact]
    public void Receive_allocates_nothing_and_recycles_every_frame()
    {
        // Many times as many frames as the UMEM holds pass through it: only possible if each burst's frames go back.
        // The rate leaves the poll loop 25 ms of slack (512 frames at 20 kpps) for a busy machine.
        const int frames = 512;
        using AfXdpRxQueue queue = OpenOne(frames);
        string file = TestFrames.Write(_fixture.Temp, 2, 2000, minLength: 60, maxLength: 200);
        var burst = new RxPacket[64];
        queue.Receive(burst); // compiles Receive before measuring
        long received = 0, allocated = 0;
        for (int round = 0; round < 5; round++)
        {
            var sender = new Thread(() => ProbeSend.Send(_fixture.Lab, file, "-C", "0", "-p", "20000"));
            sender.Start();
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (sender.IsAlive)
                received += queue.Receive(burst);
            for (int idle = 0; idle < 1000; idle++)
                received += queue.Receive(burst);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            sender.Join();
        }
        XdpSocketStatistics x = queue.XdpStatistics;
        _output.WriteLine($"received {received}, allocated {allocated} bytes; {x}");
        Assert.Equal(0, allocated);
        Assert.Equal(10_000, received + (long)x.RxDropped);
        Assert.True(received > 10 * frames, $"only {received} frames received through a {frames}-frame UMEM");
    }

    [Fact]
    public void With_busy_polling_the_poll_thread_drives_the_driver_and_gets_every_frame()
    {
        using AfXdpRxQueue queue = AfXdpPort.Open(new AfXdpPortOptions
        {
            Interface = _fixture.Lab.CaptureInterface,
            Queues = [0],
            Mode = XdpModeRequest.Native,
            BusyPoll = true,
        }, new TestLog(_output))[0];
        Assert.True(queue.Mode.BusyPoll);
        string file = TestFrames.Write(_fixture.Temp, 4, 3000);
        using var collector = new QueueCollector([queue]);
        collector.Start();
        ProbeSend.Send(_fixture.Lab, file, "-C", "0");
        collector.StopWhen(() => collector.Total >= 3000, TimeSpan.FromSeconds(10));
        Assert.Equal(3000, collector.Total + (long)queue.XdpStatistics.RxDropped);
        Assert.True(queue.Wakeups > 0, "an empty rx ring should have made the poll thread call into the driver");
        int last = -1;
        foreach (QueueCollector.Frame frame in collector.FramesOf(0))
        {
            int seq = TestFrames.Identify(frame.Bytes).Seq;
            Assert.True(seq > last, "out of order");
            last = seq;
        }
    }
}
