using Probe.Ingest;
using Probe.Ingest.AfXdp;
using Probe.Zbuf.SharedMemory;

namespace Probe.AfXdp.Capturer;

/// <summary>The command line: the port's options plus how long to run and what to do with the packets.</summary>
internal sealed record CapturerOptions(
    AfXdpPortOptions Port,
    string? WriteDirectory,
    string? Filter,
    bool Zbuf,
    IdlePolicy Idle,
    bool Dpdk,
    int? Core,
    double Seconds,
    long Count)
{
    public const string Usage =
        "usage: AfXdp.Capturer -i IFACE [--queues 0,1] [--mode auto|native|generic] [--zero-copy prefer|require|never]\n" +
        "         [--frame-count N] [--frame-size 2048|4096] [--hugepages prefer|require|never] [--keep-stale]\n" +
        "         [--no-multi-buffer] [--busy-poll] [--write DIR] [--zbuf [--filter EXPR] [--idle busy-poll|backoff]] [--core N]\n" +
        "         [--seconds S] [--count N]\n" +
        "Runs until stdin closes (or a line 'stop'), S seconds or N packets; prints 'ready' once capturing, and\n" +
        "one 'queue=' line per queue plus a 'total' line at the end. --write DIR keeps every packet of queue Q in\n" +
        "DIR/qQ.pcap. --zbuf runs the appliance's data path instead: a poll thread per queue, the filter, a zbuf\n" +
        "descriptor and a consumer thread that reads the buffers in place. --dpdk (with --zbuf) takes the packets from\n" +
        "DPDK's net_af_xdp PMD on IFACE instead (DpdkRxQueue over the project's shim), for comparison.";

    public static CapturerOptions Parse(string[] args)
    {
        string? iface = null, write = null, filter = null;
        IReadOnlyList<int>? queues = null;
        var mode = XdpModeRequest.Auto;
        var zeroCopy = ZeroCopyPolicy.Prefer;
        var hugepages = HugepagePolicy.Prefer;
        int frameCount = 4096, frameSize = 4096;
        bool replaceStale = true, multiBuffer = true, zbuf = false, busyPoll = false, dpdk = false;
        var idle = IdlePolicy.BusyPoll;
        int? core = null;
        double seconds = 0;
        long count = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "-i": case "--interface": iface = Value(); break;
                case "--queues": queues = Value().Split(',').Select(int.Parse).ToArray(); break;
                case "--mode": mode = Enum.Parse<XdpModeRequest>(Value(), ignoreCase: true); break;
                case "--zero-copy": zeroCopy = Enum.Parse<ZeroCopyPolicy>(Value(), ignoreCase: true); break;
                case "--hugepages": hugepages = Enum.Parse<HugepagePolicy>(Value(), ignoreCase: true); break;
                case "--frame-count": frameCount = int.Parse(Value()); break;
                case "--frame-size": frameSize = int.Parse(Value()); break;
                case "--keep-stale": replaceStale = false; break;
                case "--no-multi-buffer": multiBuffer = false; break;
                case "--busy-poll": busyPoll = true; break;
                case "--dpdk": dpdk = true; break;
                case "--write": write = Value(); break;
                case "--zbuf": zbuf = true; break;
                case "--filter": filter = Value(); break;
                case "--idle":
                    idle = Value() switch
                    {
                        "busy-poll" => IdlePolicy.BusyPoll,
                        "backoff" => IdlePolicy.Backoff,
                        string other => throw new ArgumentException($"--idle {other}: busy-poll or backoff"),
                    };
                    break;
                case "--core": core = int.Parse(Value()); break;
                case "--seconds": seconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--count": count = long.Parse(Value()); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (iface is null)
            throw new ArgumentException("no interface (-i IFACE)");
        if (filter is not null && !zbuf)
            throw new ArgumentException("--filter needs --zbuf");
        if (dpdk && !zbuf)
            throw new ArgumentException("--dpdk needs --zbuf");
        var port = new AfXdpPortOptions
        {
            Interface = iface,
            Queues = queues,
            Mode = mode,
            ZeroCopy = zeroCopy,
            Hugepages = hugepages,
            FrameCount = frameCount,
            FrameSize = frameSize,
            ReplaceStaleProgram = replaceStale,
            MultiBuffer = multiBuffer,
            BusyPoll = busyPoll,
        };
        return new CapturerOptions(port, write, filter, zbuf, idle, dpdk, core, seconds, count);
    }
}
