using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

/// <summary>struct bpf_insn (linux/bpf.h): opcode, dst_reg (low nibble) and src_reg (high nibble), offset, immediate.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfInsn
{
    public byte Code;
    public byte Registers;
    public short Offset;
    public int Imm;

    public BpfInsn(byte code, int dst, int src, short offset, int imm)
    {
        Code = code;
        Registers = (byte)((dst & 0xf) | ((src & 0xf) << 4));
        Offset = offset;
        Imm = imm;
    }
}

/// <summary>struct bpf_prog_load_opts (libbpf 1.1 bpf.h). <see cref="Sz"/> tells libbpf which fields exist.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgLoadOptions
{
    public nuint Sz;
    public int Attempts;
    public uint ExpectedAttachType;
    public uint ProgBtfFd;
    public uint ProgFlags;
    public uint ProgIfindex;
    public uint KernVersion;
    public uint AttachBtfId;
    public uint AttachProgFd;
    public uint AttachBtfObjFd;
    public int* FdArray;
    public void* FuncInfo;
    public uint FuncInfoCnt;
    public uint FuncInfoRecSize;
    public void* LineInfo;
    public uint LineInfoCnt;
    public uint LineInfoRecSize;
    public uint LogLevel;
    public uint LogSize;
    public byte* LogBuf;
}

/// <summary>struct bpf_xdp_attach_opts (libbpf.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfXdpAttachOptions
{
    public nuint Sz;
    /// <summary>With XDP_FLAGS_REPLACE: act only if this program is the one attached (no race with another loader).</summary>
    public int OldProgFd;
}

/// <summary>struct bpf_xdp_query_opts (libbpf 1.1 libbpf.h): ids of the attached programs, and how they are attached.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfXdpQueryOptions
{
    public nuint Sz;
    public uint ProgId;
    public uint DrvProgId;
    public uint HwProgId;
    public uint SkbProgId;
    /// <summary>XDP_ATTACHED_* (linux/if_link.h).</summary>
    public byte AttachMode;
}

/// <summary>The leading part of struct bpf_prog_info (linux/bpf.h) up to the name and ifindex; the kernel copies
/// only as many bytes as the caller's info_len.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfProgInfo
{
    public uint Type;
    public uint Id;
    public fixed byte Tag[8];
    public uint JitedProgLen;
    public uint XlatedProgLen;
    public ulong JitedProgInsns;
    public ulong XlatedProgInsns;
    /// <summary>Nanoseconds since boot.</summary>
    public ulong LoadTime;
    public uint CreatedByUid;
    public uint NrMapIds;
    public ulong MapIds;
    public fixed byte Name[16];
    public uint Ifindex;
    public uint GplCompatibleBits;
}

/// <summary>Constants of linux/bpf.h and linux/if_link.h.</summary>
internal static class BpfConstants
{
    internal const uint BPF_PROG_TYPE_XDP = 6;
    internal const uint BPF_MAP_TYPE_XSKMAP = 17;
    internal const int BPF_FUNC_redirect_map = 51;
    /// <summary>The program copes with multi-buffer packets (Linux 5.18): needed for frames above one page.</summary>
    internal const uint BPF_F_XDP_HAS_FRAGS = 1 << 5;
    /// <summary>ld_imm64's src_reg marking its immediate as a map fd.</summary>
    internal const int BPF_PSEUDO_MAP_FD = 1;

    // XDP_FLAGS_* (if_link.h)
    internal const uint XDP_FLAGS_UPDATE_IF_NOEXIST = 1 << 0;
    internal const uint XDP_FLAGS_SKB_MODE = 1 << 1;
    internal const uint XDP_FLAGS_DRV_MODE = 1 << 2;
    internal const uint XDP_FLAGS_HW_MODE = 1 << 3;
    internal const uint XDP_FLAGS_REPLACE = 1 << 4;

    // enum XDP_ATTACHED_* (if_link.h)
    internal const byte XDP_ATTACHED_NONE = 0;
    internal const byte XDP_ATTACHED_DRV = 1;
    internal const byte XDP_ATTACHED_SKB = 2;
    internal const byte XDP_ATTACHED_HW = 3;
    internal const byte XDP_ATTACHED_MULTI = 4;

    internal const int XDP_PASS = 2;

    // The opcodes XdpRedirectProgram uses (class | mode | size, linux/bpf_common.h and linux/bpf.h).
    /// <summary>BPF_LDX | BPF_MEM | BPF_W: dst = *(u32 *)(src + off).</summary>
    internal const byte BPF_LDX_MEM_W = 0x61;
    /// <summary>BPF_LD | BPF_IMM | BPF_DW: dst = 64-bit immediate over two instructions.</summary>
    internal const byte BPF_LD_IMM_DW = 0x18;
    /// <summary>BPF_ALU64 | BPF_MOV | BPF_K: dst = imm.</summary>
    internal const byte BPF_ALU64_MOV_K = 0xb7;
    /// <summary>BPF_JMP | BPF_CALL: call helper imm.</summary>
    internal const byte BPF_JMP_CALL = 0x85;
    /// <summary>BPF_JMP | BPF_EXIT: return r0.</summary>
    internal const byte BPF_JMP_EXIT = 0x95;
    /// <summary>offsetof(struct xdp_md, rx_queue_index).</summary>
    internal const short XDP_MD_RX_QUEUE_INDEX = 16;
}
