using Probe.Capture.Tests;
using Probe.Pcap;

namespace Probe.Ingest.Tests;

/// <summary>Packet counts read from the files themselves (tcpdump prints more than one line for some packets).</summary>
internal static class PacketCount
{
    public static int Of(string file)
    {
        using PcapFileReader reader = PcapFileReader.OpenFile(file);
        int n = 0;
        while (reader.TryRead(out _))
            n++;
        return n;
    }

    /// <summary>How many packets of <paramref name="file"/> tcpdump's <paramref name="filter"/> selects.</summary>
    public static int Selected(string file, string filter)
    {
        string selected = Path.Combine(Path.GetDirectoryName(file)!, $"selected-{Guid.NewGuid():N}.pcap");
        Tool.Result r = Tool.Run("tcpdump", "-r", file, "-w", selected, filter);
        Assert.True(r.ExitCode == 0, r.Stderr);
        try
        {
            return Of(selected);
        }
        finally
        {
            File.Delete(selected);
        }
    }
}
