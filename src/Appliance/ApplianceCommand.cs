using System.Runtime.InteropServices;
using Probe.Appliance.Configuration;
using Probe.Appliance.Runtime;
using Probe.Ingest;
using Probe.Ingest.Dpdk;
using Probe.Ingest.Synthetic;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.Control;

namespace Probe.Appliance;

/// <summary>The `appliance` command: run the daemon, or generate traffic files.</summary>
public static class ApplianceCommand
{
    public const string Usage = """
        Usage: appliance run [--config FILE] [--state-dir DIR]
               appliance stat [--socket PATH]
               appliance generate --packets N [--mix small|imix|large] FILE
               appliance --help

          run        capture on the configured ports until SIGINT/SIGTERM; without --config, the embedded default:
                     a generated IMIX capture replayed at 20 kpps and recorded into a ring of pcap files
          stat       one row per zero-copy descriptor (like FreeBSD's netstat -B): pid, interface, queue, flags,
                     received, dropped, matched, captured, store and hold lengths, consumer
          generate   write N synthetic Ethernet frames (UDP, DNS, TCP, IPv6, VLAN) to a pcap file
        """;

    public static int Run(string[] args, TextWriter log)
    {
        try
        {
            return args switch
            {
                ["run", .. var rest] => RunDaemon(rest, log),
                ["generate", .. var rest] => Generate(rest, log),
                ["stat", .. var rest] => Stat(rest),
                ["--help" or "-h" or "help"] => PrintUsage(log, 0),
                _ => PrintUsage(log, 1),
            };
        }
        catch (Exception e) when (e is ConfigException or Probe.Filter.Expressions.PcapCompileException or ControlException or DpdkException or Probe.Ingest.AfXdp.AfXdpException or DllNotFoundException or ZbufException or RxSourceException or PcapFormatException
                                      or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.WriteLine($"appliance: {e.Message}");
            return 1;
        }
    }

    private static int PrintUsage(TextWriter log, int status)
    {
        log.WriteLine(Usage);
        return status;
    }

    private static int RunDaemon(string[] args, TextWriter log)
    {
        string? configPath = Option(args, "--config");
        string stateDir = Option(args, "--state-dir") ?? "/var/lib/probe-appliance";
        ApplianceConfig config;
        if (configPath is not null)
        {
            config = ConfigLoader.Load(configPath);
        }
        else
        {
            config = EmbeddedDefault.Create(stateDir);
            string demo = EmbeddedDefault.DemoCapturePath(stateDir);
            if (!File.Exists(demo))
            {
                log.WriteLine($"appliance: generating the demo capture {demo} ({EmbeddedDefault.DemoPackets} IMIX frames)");
                TrafficGenerator.Write(demo, EmbeddedDefault.DemoPackets, TrafficMix.Imix);
            }
            log.WriteLine($"appliance: no --config: embedded default, replaying {demo}, recording into {config.Recorders[0].Path}");
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true; // a graceful stop: buffers handed over, files closed
            stop.Cancel();
        }

        using var host = new ApplianceHost(config, log);
        host.Run(stop.Token);
        return host.Faulted ? 1 : 0;
    }

    private static int Stat(string[] args)
    {
        using ControlClient client = ControlClient.Connect(Option(args, "--socket") ?? ControlProtocol.DefaultSocketPath);
        Console.Out.Write(client.List());
        return 0;
    }

    private static int Generate(string[] args, TextWriter log)
    {
        long packets = long.Parse(Option(args, "--packets") ?? throw new InvalidOperationException("generate needs --packets N"));
        TrafficMix mix = (Option(args, "--mix") ?? "imix") switch
        {
            "small" => TrafficMix.Small,
            "imix" => TrafficMix.Imix,
            "large" => TrafficMix.Large,
            string other => throw new InvalidOperationException($"unknown mix '{other}' (small, imix, large)"),
        };
        string path = args.Length > 0 && !args[^1].StartsWith('-') && args[^1] != Option(args, "--packets") && args[^1] != Option(args, "--mix")
            ? args[^1]
            : throw new InvalidOperationException("generate needs the output file as its last argument");
        TrafficGenerator.Write(path, packets, mix);
        log.WriteLine($"appliance: wrote {packets} {mix} frames to {path}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
