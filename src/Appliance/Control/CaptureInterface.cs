using Probe.Ingest;

namespace Probe.Appliance.Control;

/// <summary>A port as consumers see it: the names they may attach by, its queues' poll threads, its drops.</summary>
internal sealed record CaptureInterface(
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<QueuePoller> Queues,
    int LinkType,
    uint SnapLength,
    Func<ulong> NicDropped)
{
    public bool Answers(string name) => Name == name || Aliases.Contains(name);
}
