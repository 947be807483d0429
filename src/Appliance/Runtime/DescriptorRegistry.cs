using Probe.Zbuf;

namespace Probe.Appliance.Runtime;

/// <summary>One descriptor as the appliance reports it (metrics, `appliance stat`).</summary>
/// <param name="Id">unique in this run, e.g. "all/net_pcap0:0" for a recorder, "c12.0" for an outside consumer</param>
/// <param name="Consumer">who reads it: a recorder's name, or "pid/command" of an outside process</param>
internal sealed record RegisteredDescriptor(
    string Id,
    string Device,
    int Queue,
    string Consumer,
    int Pid,
    ZbufDescriptor Descriptor,
    Func<string> Flags);

/// <summary>Every descriptor attached anywhere in the appliance. Readers get an immutable snapshot (copy on write).</summary>
internal sealed class DescriptorRegistry
{
    private RegisteredDescriptor[] _all = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<RegisteredDescriptor> All => Volatile.Read(ref _all);

    public void Add(RegisteredDescriptor entry)
    {
        lock (_lock)
            Volatile.Write(ref _all, [.. _all, entry]);
    }

    public void Remove(RegisteredDescriptor entry)
    {
        lock (_lock)
            Volatile.Write(ref _all, _all.Where(e => e != entry).ToArray());
    }
}
