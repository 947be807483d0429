namespace Probe.Filter.Tests.Support;

/// <summary>Test classes that call libpcap's bpf_image, which returns a static buffer: they must not run in parallel.</summary>
[CollectionDefinition(Name)]
public sealed class LibpcapImageCollection
{
    public const string Name = "libpcap bpf_image";
}
