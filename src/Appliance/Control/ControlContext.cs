using Probe.Appliance.Runtime;
using Probe.Filter;

namespace Probe.Appliance.Control;

/// <summary>What every session shares: the interfaces, the descriptor registry, the limits, the log.</summary>
internal sealed record ControlContext(
    IReadOnlyList<CaptureInterface> Interfaces,
    DescriptorRegistry Registry,
    int MaxBufferBytes,
    TextWriter Log)
{
    public int MaxFilterInstructions { get; init; } = 4096;

    public FilterEngine FilterEngine { get; init; } = FilterEngine.Compiled;
}
