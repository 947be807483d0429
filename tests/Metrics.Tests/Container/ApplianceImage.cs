using System.Diagnostics;
using System.Globalization;
using Probe.Ingest.Tests;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Probe.Metrics.Tests.Container;

/// <summary>
/// docker/Dockerfile built with podman the way this machine allows (docker/README.md): the base image is a Debian 12
/// root filesystem made by debootstrap and imported, and .NET comes in as a self-contained publish made on this
/// host (APPLIANCE_BUILD=prebuilt), because neither mcr.microsoft.com nor Docker Hub is reachable here. The native
/// shim and the run-time packages are built and installed inside, as with the default images.
/// Everything it creates carries this process's id and is removed by Dispose: both images, the publish output.
/// </summary>
public sealed class ApplianceImage : IDisposable
{
    /// <summary>The debootstrap output, kept between runs (a minute to make, and identical every time).</summary>
    public const string BaseCache = "/var/cache/probe-appliance-tests/bookworm-minbase.tar";

    private readonly string _publishDirectory;
    private readonly List<string> _timings = [];

    public ApplianceImage(IMessageSink sink)
    {
        string id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        BaseImage = $"localhost/probe-ctest-base:{id}";
        Image = $"localhost/probe-ctest-appliance:{id}";
        _publishDirectory = Path.Combine("out", "container", $"ctest-{id}");
        try
        {
            Step("apt packages (podman, runc, debootstrap)", HostPackages.EnsureInstalled);
            Step("base image (debootstrap bookworm minbase, podman import)", ImportBase);
            Step("self-contained publish on the host", Publish);
            Step("podman build", Build);
        }
        catch
        {
            Dispose();
            throw;
        }
        sink.OnMessage(new DiagnosticMessage("container image: " + string.Join("; ", _timings)));
    }

    public string BaseImage { get; }

    public string Image { get; }

    public IReadOnlyList<string> Timings => _timings;

    private void Step(string what, Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        _timings.Add($"{what} {clock.Elapsed.TotalSeconds:F0} s");
    }

    private void ImportBase()
    {
        if (!File.Exists(BaseCache))
        {
            string root = Directory.CreateTempSubdirectory("probe-ctest-rootfs").FullName;
            try
            {
                Tool.Check("debootstrap", ["--variant=minbase", "bookworm", root, "http://deb.debian.org/debian"], TimeSpan.FromMinutes(15));
                Directory.CreateDirectory(Path.GetDirectoryName(BaseCache)!);
                Tool.Check("tar", ["-C", root, "-cf", BaseCache + ".partial", "."], TimeSpan.FromMinutes(5));
                File.Move(BaseCache + ".partial", BaseCache, overwrite: true);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
        Podman.Check(["import", BaseCache, BaseImage], TimeSpan.FromMinutes(5));
    }

    private void Publish()
    {
        string artifacts = Directory.CreateTempSubdirectory("probe-ctest-artifacts").FullName;
        try
        {
            // A private artifacts path: the self-contained restore must not rewrite src/*/obj under other builds.
            Tool.Check("dotnet", ["publish", Path.Combine(RepoPaths.Root, "src", "Appliance"), "-c", "Release", "-r", "linux-x64",
                "--self-contained", "--artifacts-path", artifacts, "-nologo", "-v", "q",
                "-o", Path.Combine(RepoPaths.Root, _publishDirectory, "appliance")], TimeSpan.FromMinutes(10));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private void Build() => Podman.Check(
    [
        "build", "-f", "docker/Dockerfile", "--ignorefile", "docker/Dockerfile.dockerignore",
        "--build-arg", $"BASE_IMAGE={BaseImage}", "--build-arg", "APPLIANCE_BUILD=prebuilt",
        "--build-arg", $"PREBUILT_DIR={_publishDirectory}/appliance",
        // No cached intermediate images left behind; the build's apt-get reaches the mirror through the host.
        "--layers=false", "--network", "host", "-t", Image, ".",
    ], TimeSpan.FromMinutes(20));

    public void Dispose()
    {
        Podman.Quietly("rmi", "-f", Image);
        Podman.Quietly("rmi", "-f", BaseImage);
        string publish = Path.Combine(RepoPaths.Root, _publishDirectory);
        if (Directory.Exists(publish))
            Directory.Delete(publish, recursive: true);
        string parent = Path.GetDirectoryName(publish)!;
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            Directory.Delete(parent); // out/container, when this test made it
    }
}
