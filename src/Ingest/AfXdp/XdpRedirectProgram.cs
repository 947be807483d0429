using System.Runtime.InteropServices;
using System.Text;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// The XDP program and its XSKMAP: every frame on rx queue i goes to the AF_XDP socket at index i of the map, and
/// a frame on a queue without a socket passes to the kernel's stack as if no program were there. Six BPF
/// instructions, assembled here rather than loaded from an object file, so no BPF toolchain or bpffs is needed:
/// <code>
///   r2 = *(u32 *)(r1 + 16)              ; ctx->rx_queue_index
///   r1 = map_fd ll                      ; the XSKMAP
///   r3 = XDP_PASS                       ; the action when index r2 holds no socket (Linux 5.3)
///   call bpf_redirect_map
///   exit
/// </code>
/// Loaded with BPF_F_XDP_HAS_FRAGS when multi-buffer frames are wanted (veth then allows an MTU above a page in
/// native mode). Owns the program and map fds; attaching is <see cref="XdpAttachment"/>'s job.
/// </summary>
internal sealed unsafe class XdpRedirectProgram : IDisposable
{
    /// <summary>The program's name as bpf_prog_info shows it; how a stale program of ours is recognised.</summary>
    public const string Name = "probe_xsk";

    private const string MapName = "probe_xsks";
    private const string License = "Dual BSD/GPL";
    private const int ProgramLength = 6;

    private readonly FileDescriptorHandle _program;
    private readonly FileDescriptorHandle _map;

    private XdpRedirectProgram(FileDescriptorHandle program, FileDescriptorHandle map, int mapEntries)
    {
        _program = program;
        _map = map;
        MapEntries = mapEntries;
    }

    public int ProgramFd => _program.Fd;

    public int MapEntries { get; }

    /// <param name="mapEntries">XSKMAP size: at least the highest queue id + 1</param>
    /// <param name="frags">load with BPF_F_XDP_HAS_FRAGS</param>
    /// <param name="where">the interface, for messages</param>
    public static XdpRedirectProgram Load(int mapEntries, bool frags, string where)
    {
        int mapFd = Bpf.MapCreate(BpfConstants.BPF_MAP_TYPE_XSKMAP, MapName, sizeof(int), sizeof(int), (uint)mapEntries, 0);
        if (mapFd < 0)
            throw BpfFailure($"{where}: creating the XSKMAP failed", -mapFd);
        var map = new FileDescriptorHandle(mapFd);
        try
        {
            BpfInsn* program = stackalloc BpfInsn[]
            {
                new(BpfConstants.BPF_LDX_MEM_W, dst: 2, src: 1, offset: BpfConstants.XDP_MD_RX_QUEUE_INDEX, imm: 0),
                new(BpfConstants.BPF_LD_IMM_DW, dst: 1, src: BpfConstants.BPF_PSEUDO_MAP_FD, offset: 0, imm: mapFd),
                new(0, dst: 0, src: 0, offset: 0, imm: 0), // second half of the 64-bit immediate
                new(BpfConstants.BPF_ALU64_MOV_K, dst: 3, src: 0, offset: 0, imm: BpfConstants.XDP_PASS),
                new(BpfConstants.BPF_JMP_CALL, dst: 0, src: 0, offset: 0, imm: BpfConstants.BPF_FUNC_redirect_map),
                new(BpfConstants.BPF_JMP_EXIT, dst: 0, src: 0, offset: 0, imm: 0),
            };
            const int logSize = 16 * 1024;
            byte* log = stackalloc byte[logSize];
            log[0] = 0;
            var options = new BpfProgLoadOptions
            {
                Sz = (nuint)sizeof(BpfProgLoadOptions),
                ProgFlags = frags ? BpfConstants.BPF_F_XDP_HAS_FRAGS : 0,
                LogBuf = log,
                LogSize = logSize,
            };
            int programFd = Bpf.ProgLoad(BpfConstants.BPF_PROG_TYPE_XDP, Name, License, program, ProgramLength, options);
            if (programFd < 0)
            {
                string verifier = Marshal.PtrToStringUTF8((nint)log)?.Trim() ?? "";
                string detail = verifier.Length > 0 ? $" (verifier: {verifier.ReplaceLineEndings("; ")})" : "";
                string flags = frags ? "; BPF_F_XDP_HAS_FRAGS needs Linux 5.18, set multi_buffer: false on older kernels" : "";
                throw BpfFailure($"{where}: loading the XDP program failed{detail}{(-programFd == Errno.EINVAL ? flags : "")}", -programFd);
            }
            return new XdpRedirectProgram(new FileDescriptorHandle(programFd), map, mapEntries);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Points the map's entry for <paramref name="queue"/> at a bound socket.</summary>
    public void Insert(int queue, int socketFd, string where)
    {
        int key = queue;
        int value = socketFd;
        int rc = Bpf.MapUpdateElem(_map.Fd, &key, &value, 0);
        if (rc != 0)
            throw new AfXdpException($"{where}: adding the socket to the XSKMAP failed: {Errno.Describe(-rc)}", -rc);
    }

    /// <summary>EPERM from program or map creation: name what is missing (CAP_SYS_ADMIN stands in for both).</summary>
    private static AfXdpException BpfFailure(string step, int errno)
    {
        if (errno != Errno.EPERM && errno != Errno.EACCES)
            return new AfXdpException($"{step}: {Errno.Describe(errno)}", errno);
        Capabilities caps = Capabilities.Current();
        var missing = new List<Capability>();
        if (!caps.Has(Capability.Bpf) && !caps.Has(Capability.SysAdmin))
            missing.Add(Capability.Bpf);
        if (!caps.Has(Capability.NetAdmin) && !caps.Has(Capability.SysAdmin))
            missing.Add(Capability.NetAdmin);
        var text = new StringBuilder($"{step}: {Errno.Describe(errno)}");
        if (missing.Count > 0)
            text.Append(": the process lacks ").Append(string.Join(" and ", missing.Select(c => $"{c.Name} ({c.NeededFor})")));
        else
            text.Append(": the process has CAP_BPF and CAP_NET_ADMIN, so a security module or a user namespace without them forbids it");
        return new AfXdpException(text.ToString(), errno, missing.Select(c => c.Name).ToArray());
    }

    public void Dispose()
    {
        _program.Dispose();
        _map.Dispose();
    }
}
