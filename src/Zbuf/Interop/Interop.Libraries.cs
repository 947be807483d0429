namespace Probe.Zbuf.Interop;

internal static partial class Libc
{
    /// <summary>glibc by its soname: the project targets Linux only.</summary>
    internal const string Name = "libc.so.6";
}
