using System.Runtime.InteropServices;
using Probe.Ingest.Dpdk.Interop;

namespace Probe.Ingest.Dpdk;

/// <summary>
/// The process's one DPDK environment (EAL). DPDK can be initialised once per process, so this is a singleton:
/// the first <see cref="Start"/> initialises EAL, and <see cref="Dispose"/> cleans it up (hugepage files and
/// /var/run/dpdk are removed by the shim's use of --in-memory or a private --file-prefix).
/// </summary>
public sealed unsafe class DpdkRuntime : IDisposable
{
    private static DpdkRuntime? s_current;
    private static readonly Lock s_lock = new();

    private DpdkRuntime(IReadOnlyList<string> arguments) => Arguments = arguments;

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Initialises EAL with <paramref name="ealArguments"/> (without a program name), or returns the
    /// environment already running. --no-pci is added unless PCI options are given: no NIC is probed by surprise.</summary>
    public static DpdkRuntime Start(IEnumerable<string> ealArguments)
    {
        lock (s_lock)
        {
            if (s_current is not null)
                return s_current;
            List<string> args = [.. ealArguments];
            if (!args.Any(a => a is "--no-pci" || a.StartsWith("-a", StringComparison.Ordinal) || a.StartsWith("--allow", StringComparison.Ordinal)))
                args.Add("--no-pci");
            int abi = Pdk.AbiVersionOfLibrary();
            if (abi != Pdk.AbiVersion)
                throw new DpdkException($"libprobe_dpdk.so has ABI version {abi}, this build expects {Pdk.AbiVersion}: rebuild with scripts/setup.sh", -1);

            byte*[] argv = new byte*[args.Count];
            try
            {
                for (int i = 0; i < args.Count; i++)
                    argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(args[i]);
                byte* err = stackalloc byte[ErrorBuffer.Capacity];
                fixed (byte** p = argv)
                    ErrorBuffer.Check(Pdk.Init(args.Count, p, err, ErrorBuffer.Capacity), err, "DPDK initialisation failed");
            }
            finally
            {
                foreach (byte* a in argv)
                    Marshal.FreeCoTaskMem((nint)a);
            }
            return s_current = new DpdkRuntime(args);
        }
    }

    /// <summary>The port named <paramref name="name"/> (a --vdev name or a PCI address).</summary>
    public ushort FindPort(string name)
    {
        ushort id;
        byte* err = stackalloc byte[ErrorBuffer.Capacity];
        ErrorBuffer.Check(Pdk.PortByName(name, &id, err, ErrorBuffer.Capacity), err, $"port {name}");
        return id;
    }

    /// <summary>Adds a virtual device now ("net_pcap1,rx_pcap=FILE") and returns its port id.</summary>
    public ushort AddVirtualDevice(string devargs)
    {
        ushort id;
        byte* err = stackalloc byte[ErrorBuffer.Capacity];
        ErrorBuffer.Check(Pdk.VdevProbe(devargs, &id, err, ErrorBuffer.Capacity), err, $"device {devargs}");
        return id;
    }

    public void Dispose()
    {
        lock (s_lock)
        {
            if (s_current != this)
                return;
            byte* err = stackalloc byte[ErrorBuffer.Capacity];
            ErrorBuffer.Check(Pdk.Cleanup(err, ErrorBuffer.Capacity), err, "DPDK cleanup failed");
            s_current = null;
        }
    }
}
