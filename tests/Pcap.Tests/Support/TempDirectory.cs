namespace Probe.Pcap.Tests;

/// <summary>A scratch directory removed with everything in it on Dispose; in memory (/dev/shm) where there is one.</summary>
internal sealed class TempDirectory : IDisposable
{
    private const string MemoryBacked = "/dev/shm";

    public TempDirectory()
    {
        Path = Directory.Exists(MemoryBacked)
            ? Directory.CreateDirectory(System.IO.Path.Combine(MemoryBacked, $"pcap-tests-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("pcap-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name, byte[] contents)
    {
        string path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
