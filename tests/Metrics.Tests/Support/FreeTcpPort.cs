using System.Net;
using System.Net.Sockets;

namespace Probe.Metrics.Tests;

internal static class FreeTcpPort
{
    /// <summary>A loopback port free a moment ago, for a server that cannot be told to bind port 0 (Prometheus).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
