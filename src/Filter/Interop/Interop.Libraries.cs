namespace Probe.Filter.Interop;

internal static partial class Libpcap
{
    /// <summary>
    /// libpcap by its runtime soname: the unversioned libpcap.so symlink comes only with libpcap-dev,
    /// which a machine that just runs the appliance does not have.
    /// </summary>
    internal const string Name = "libpcap.so.0.8";
}
