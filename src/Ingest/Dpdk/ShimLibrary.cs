using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Dpdk;

/// <summary>
/// Finds libprobe_dpdk.so: next to the program (the build copies it there), in $PROBE_NATIVE_DIR, or in the
/// repository's native/build of a development tree. The error names every place looked at.
/// </summary>
internal static class ShimLibrary
{
    // A library initialiser on purpose: the resolver must be in place before the first P/Invoke into the shim,
    // whichever entry point the application reaches first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(ShimLibrary).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Pdk.Library)
            return 0;
        List<string> places = Candidates().ToList();
        foreach (string path in places)
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out nint handle))
                return handle;
        throw new DllNotFoundException(
            $"{Pdk.Library} not found (looked in {string.Join(", ", places)}); build it with scripts/setup.sh " +
            "or set PROBE_NATIVE_DIR to the directory that holds it");
    }

    private static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, Pdk.Library);
        if (Environment.GetEnvironmentVariable("PROBE_NATIVE_DIR") is { Length: > 0 } dir)
            yield return Path.Combine(dir, Pdk.Library);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "native", "CMakeLists.txt")))
                yield return Path.Combine(d.FullName, "native", "build", Pdk.Library);
    }
}
