using System.Reflection;
using System.Runtime.InteropServices;
using Probe.Pcap;
using Probe.Zbuf;
using Probe.Zbuf.Control;
using Probe.Filter.Expressions;

namespace Probe.Capture;

/// <summary>zcap: a tcpdump-like consumer of the appliance's zero-copy buffers.</summary>
public static class Zcap
{
    public const string Usage = """
        Usage: zcap [-dn] [-B size_kib] [-c count] [-F file] [-r file] [-s snaplen] [-w file] [-y datalinktype]
                    [--time-stamp-precision=micro|nano] [--pcapng] [--hugepages=prefer|require|never] [expression]
        """;

    public static int Run(string[] args, TextWriter error)
    {
        ZcapOptions options;
        try
        {
            options = ZcapArgumentParser.Parse(args);
        }
        catch (UsageException e)
        {
            error.WriteLine($"zcap: {e.Message}");
            error.WriteLine(Usage);
            return 1;
        }
        if (options.ShowHelp)
        {
            error.WriteLine(Usage);
            return 0;
        }
        if (options.ShowVersion)
        {
            error.WriteLine($"zcap version {typeof(Zcap).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true; // stop gracefully: flush the output and print the counts
            stop.Cancel();
        }

        try
        {
            if (options.DumpLevel > 0)
                return ProgramDump.Run(options, Console.Out);
            if (options.ReadFile is null && options.Interface is null)
                throw new UsageException("no input: give -r FILE, or -i INTERFACE[:QUEUE] to capture from the appliance");
            if (options.WriteFile is null)
                throw new UsageException("no output: give -w FILE (or -w - for standard output); zcap does not decode packets");
            return options.Interface is not null
                ? new Live.LiveCapture(options, error).Run(stop.Token)
                : new OfflineCapture(options, error).Run(stop.Token);
        }
        catch (UsageException e)
        {
            error.WriteLine($"zcap: {e.Message}");
            error.WriteLine(Usage);
            return 1;
        }
        catch (PcapCompileException e)
        {
            error.WriteLine($"zcap: {e.Message}");
            return 1;
        }
        catch (ControlException e)
        {
            error.WriteLine($"zcap: {e.Reason}");
            return 1;
        }
        catch (Exception e) when (e is PcapFormatException or ZbufException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            error.WriteLine($"zcap: {e.Message}");
            return 1;
        }
    }
}
