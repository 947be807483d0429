namespace Probe.Filter.Tests.Interop;

/// <summary>libpcap itself, the oracle of these tests, called directly (not through Probe.Filter) so a bug in the library's own interop cannot hide behind it.</summary>
internal static partial class Libpcap
{
    internal const string Name = "libpcap.so.0.8";
}
