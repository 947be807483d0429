using System.Text;
using Probe.Appliance.Runtime;
using Probe.Zbuf;

namespace Probe.Appliance.Control;

/// <summary>
/// The descriptor table `appliance stat` prints, after FreeBSD's `netstat -B`: one row per descriptor with the
/// process, interface and queue, flags, the bpf(4) counters, and the bytes in the store and hold buffers.
/// Flags: i immediate, h hugepage-backed buffers, z zero-copy, l locked.
/// </summary>
internal static class DescriptorTable
{
    public const string Header = "  Pid Netif            Queue Flags          Recv          Drop         Match          Capt     Sblen     Hblen Command";

    public static string Format(IReadOnlyList<RegisteredDescriptor> descriptors)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (RegisteredDescriptor d in descriptors)
        {
            (DescriptorStatistics s, BufferStatus b) = d.Descriptor.Snapshot;
            text.Append($"{d.Pid,5} {d.Device,-16} {d.Queue,5} {d.Flags(),-5} {s.Received,13} {s.Dropped,13} {s.Matched,13} " +
                        $"{s.Captured,13} {b.StoreLength,9} {b.HoldLength,9} {d.Consumer}\n");
        }
        return text.ToString();
    }
}
