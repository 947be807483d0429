using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Bpf
{
    /// <summary>bpf_prog_load (BPF_PROG_LOAD): returns the program's fd, or a negative errno (EPERM: neither CAP_BPF
    /// nor CAP_SYS_ADMIN, or no CAP_NET_ADMIN for an XDP program; EINVAL: the verifier refused it, see the log;
    /// E2BIG/EINVAL for prog_flags an old kernel lacks).</summary>
    [LibraryImport(Libraries.Bpf, EntryPoint = "bpf_prog_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ProgLoad(uint progType, string name, string license, BpfInsn* insns, nuint insnCount,
        in BpfProgLoadOptions options);
}
