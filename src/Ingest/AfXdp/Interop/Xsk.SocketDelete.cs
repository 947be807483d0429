using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Xsk
{
    /// <summary>xsk_socket__delete: unmaps the socket's rings and closes it (the kernel then drops it from every
    /// XSKMAP). Cannot fail.</summary>
    [LibraryImport(Libraries.Xdp, EntryPoint = "xsk_socket__delete")]
    internal static partial void SocketDelete(nint socket);
}
