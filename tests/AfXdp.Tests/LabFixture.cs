namespace Probe.Ingest.AfXdp.Tests;

/// <summary>One veth lab per test class: 2 channels, and an MTU that carries the corpus's 11858-byte frames.</summary>
public sealed class LabFixture : IDisposable
{
    public const int Mtu = 16000;

    public VethLab Lab { get; } = new(channels: 2, mtu: Mtu);

    public string Temp { get; } = Directory.CreateTempSubdirectory("afxdp-tests").FullName;

    public void Dispose()
    {
        Lab.Dispose();
        Directory.Delete(Temp, recursive: true);
    }
}
