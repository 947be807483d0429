using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Bpf
{
    /// <summary>bpf_obj_get_info_by_fd: copies min(*infoLength, kernel size) bytes of the object's info. Returns 0
    /// or a negative errno.</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_obj_get_info_by_fd")]
    internal static partial int ObjGetInfoByFd(int fd, void* info, ref uint infoLength);
}
