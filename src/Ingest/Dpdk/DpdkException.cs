namespace Probe.Ingest.Dpdk;

/// <summary>A DPDK failure, with the shim's message: what failed, DPDK's own text, and the fix.</summary>
public sealed class DpdkException(string message, int status) : Exception(message)
{
    /// <summary>The shim's negative pdk_status.</summary>
    public int Status { get; } = status;
}
