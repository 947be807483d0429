using Probe.Filter;
using Probe.Zbuf;

namespace Probe.Ingest;

/// <summary>A descriptor attached to a queue, with the filter its poll thread runs for it.</summary>
public sealed class CaptureTap
{
    private IPacketFilter _filter;

    public CaptureTap(ZbufDescriptor descriptor, IPacketFilter? filter = null)
    {
        Descriptor = descriptor;
        _filter = filter ?? AcceptAllFilter.Instance;
    }

    public ZbufDescriptor Descriptor { get; }

    /// <summary>Swapped by the control plane, read by the poll thread once per packet: a reference store is atomic,
    /// so the hot path sees either the old or the new program, never a mix.</summary>
    public IPacketFilter Filter
    {
        get => Volatile.Read(ref _filter);
        set => Volatile.Write(ref _filter, value);
    }
}
