namespace Probe.Appliance.Configuration;

/// <summary>
/// What `appliance run` does without a configuration file: replays a generated capture (an IMIX of UDP, DNS, TCP,
/// IPv6 and VLAN traffic) forever at a live-like rate, stamped with the current time and dropping rather than
/// waiting when a consumer falls behind, and records everything into a ring of capture files.
/// </summary>
public static class EmbeddedDefault
{
    public const long DemoPackets = 100_000;

    public static ApplianceConfig Create(string stateDirectory) => new()
    {
        StateDirectory = stateDirectory,
        Ports =
        [
            new PortConfig
            {
                Name = "demo0",
                Type = "replay",
                File = DemoCapturePath(stateDirectory),
                Passes = 0,
                RatePps = 20_000,
                Retime = true,
                Lossless = false,
                Idle = "backoff",
            },
        ],
        Recorders =
        [
            new RecorderConfig
            {
                Name = "all",
                Port = "demo0",
                Path = Path.Combine(stateDirectory, "capture", "all.pcap"),
                RotateMegabytes = 50,
                RotateFiles = 4,
            },
        ],
    };

    public static string DemoCapturePath(string stateDirectory) => Path.Combine(stateDirectory, "demo-imix.pcap");
}
