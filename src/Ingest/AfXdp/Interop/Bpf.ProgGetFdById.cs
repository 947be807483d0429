using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static partial class Bpf
{
    /// <summary>bpf_prog_get_fd_by_id: an fd for the loaded program with this id. Returns the fd or a negative errno
    /// (EPERM: needs CAP_SYS_ADMIN; ENOENT: the program is gone).</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_prog_get_fd_by_id")]
    internal static partial int ProgGetFdById(uint id);
}
