using Probe.Ingest.Synthetic;
using Probe.Pcap;

namespace Probe.Appliance;

/// <summary>`appliance generate`: writes synthetic traffic to a pcap file (demo captures, benchmark inputs).</summary>
internal static class TrafficGenerator
{
    public static void Write(string path, long packets, TrafficMix mix)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (ICaptureFileWriter writer = CaptureFileWriter.Create(stream, CaptureFileFormat.Pcap,
                   new CaptureFileWriterOptions { LinkType = 1, SnapLength = 262144, Precision = TimestampPrecision.Nanosecond }))
        {
            byte[] frame = new byte[1514];
            const long start = 1_700_000_000L * 1_000_000_000;
            for (long i = 0; i < packets; i++)
            {
                Span<byte> f = frame.AsSpan(0, SyntheticFrames.SizeOf(i, mix));
                SyntheticFrames.Write(f, i);
                long t = start + i * 1000; // one packet per microsecond
                writer.Write(t / 1_000_000_000, (ulong)(t % 1_000_000_000), (uint)f.Length, f);
            }
        }
        File.Move(temporary, path, overwrite: true); // never leave a half-written capture under the final name
    }
}
