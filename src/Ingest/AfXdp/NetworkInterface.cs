using System.Runtime.InteropServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>The facts about an interface the port needs before it touches anything: its index and rx queue count.</summary>
internal sealed record NetworkInterface(string Name, int Index, int RxQueues)
{
    /// <summary>IFNAMSIZ - 1.</summary>
    private const int MaxNameLength = 15;

    public static NetworkInterface Find(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new AfXdpException("afxdp: no interface given");
        if (name.Length > MaxNameLength || name.Contains('/') || name.Contains('\0'))
            throw new AfXdpException($"afxdp: '{name}' is not a valid interface name (at most {MaxNameLength} characters, no '/')");
        uint index = Sys.IfNameToIndex(name);
        if (index == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new AfXdpException($"afxdp: no network interface '{name}' in this network namespace ({Errno.Describe(errno)})", errno);
        }
        // real_num_rx_queues, as sysfs lists them (rx-0 .. rx-N-1); 0 when sysfs shows another namespace.
        string queues = $"/sys/class/net/{name}/queues";
        int rx = Directory.Exists(queues) ? Directory.EnumerateDirectories(queues, "rx-*").Count() : 0;
        return new NetworkInterface(name, (int)index, rx);
    }
}
