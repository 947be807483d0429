using System.Diagnostics;
using System.Globalization;
using Probe.Ingest;
using Probe.Ingest.Dpdk;

namespace Probe.AfXdp.Capturer;

/// <summary>
/// --dpdk: the same appliance data path (QueuePoller, filter, zbuf descriptor, consumer thread) fed by DPDK's
/// net_af_xdp PMD on the interface, through the project's DpdkRxQueue, for perf/afxdp's comparison. As much
/// buffer as the AF_XDP port gets: 16384 rx descriptors (the shim may lower it to the device's limit) and
/// 32767 mbufs.
/// </summary>
internal static class DpdkComparison
{
    public static int Run(CapturerOptions options)
    {
        string iface = options.Port.Interface;
        int core = options.Core ?? 0;
        DpdkRuntime runtime;
        DpdkPort port;
        try
        {
            runtime = DpdkRuntime.Start(["-l", core.ToString(CultureInfo.InvariantCulture), "--in-memory", "--no-pci"]);
            port = DpdkPort.Open(runtime, new DpdkPortOptions
            {
                Name = "net_af_xdp0",
                VirtualDevice = $"net_af_xdp0,iface={iface},start_queue=0,queue_count=1",
                RxDescriptors = 16384,
                MbufsPerQueue = 32767,
            });
        }
        catch (DpdkException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }

        using var stop = new CancellationTokenSource();
        var capture = new ZbufCapture(port.Queues, options);
        var clock = Stopwatch.StartNew();
        capture.Start();
        capture.WaitUntilPolling();
        Console.WriteLine("ready");
        Console.Out.Flush();
        var stdin = new Thread(() =>
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null && line.Trim() != "stop")
            {
            }
            stop.Cancel();
        }) { IsBackground = true };
        stdin.Start();
        while (!stop.IsCancellationRequested && (options.Seconds <= 0 || clock.Elapsed.TotalSeconds < options.Seconds))
            stop.Token.WaitHandle.WaitOne(5);
        capture.Stop();
        DpdkPortStatistics s = port.Statistics();
        Console.WriteLine($"dpdk {s}");
        capture.Report();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total packets={capture.Delivered} seconds={clock.Elapsed.TotalSeconds:F3}"));
        capture.Dispose();
        port.Dispose();
        runtime.Dispose();
        return 0;
    }
}
