using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Sys
{
    /// <summary>if_nametoindex(3): the interface's index in the caller's network namespace, or 0 with errno set
    /// (ENODEV: no such interface).</summary>
    [LibraryImport(Libraries.C, EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial uint IfNameToIndex(string name);
}
