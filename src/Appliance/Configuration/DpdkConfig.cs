namespace Probe.Appliance.Configuration;

/// <summary>The DPDK environment shared by every dpdk port (initialised once, with the first such port).</summary>
public sealed class DpdkConfig
{
    /// <summary>EAL arguments, e.g. ["-l", "0-1"]. --no-pci is added unless PCI devices are named, --in-memory
    /// unless a file prefix or shared memory is asked for, so nothing is left in /dev/hugepages or /var/run/dpdk.</summary>
    public List<string> EalArgs { get; set; } = ["-l", "0-1"];
}
