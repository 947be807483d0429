using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp.Tests;

/// <summary>
/// Every struct layout and constant the backend mirrors from libxdp's xsk.h, libbpf's bpf.h/libbpf.h, the kernel's
/// uapi headers and glibc, against a C compile of those headers on this machine.
/// </summary>
public class AbiTests
{
    private const string Program = """
        #include <errno.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <sys/mman.h>
        #include <sys/resource.h>
        #include <sys/socket.h>
        #include <time.h>
        #include <linux/bpf.h>
        #include <linux/capability.h>
        #include <linux/if_link.h>
        #include <linux/if_xdp.h>
        #include <linux/mman.h>
        #include <bpf/bpf.h>
        #include <bpf/libbpf.h>
        #include <xdp/xsk.h>
        #define P(name, value) printf("%s %lld\n", name, (long long)(value))
        #define F(prefix, type, field) P(prefix "." #field, offsetof(type, field))
        int main(void) {
            P("xsk_ring.sizeof", sizeof(struct xsk_ring_prod));
            P("xsk_ring_cons.sizeof", sizeof(struct xsk_ring_cons));
            F("xsk_ring", struct xsk_ring_prod, cached_prod);
            F("xsk_ring", struct xsk_ring_prod, cached_cons);
            F("xsk_ring", struct xsk_ring_prod, mask);
            F("xsk_ring", struct xsk_ring_prod, size);
            F("xsk_ring", struct xsk_ring_prod, producer);
            F("xsk_ring", struct xsk_ring_prod, consumer);
            F("xsk_ring", struct xsk_ring_prod, ring);
            F("xsk_ring", struct xsk_ring_prod, flags);
            F("xsk_ring_cons", struct xsk_ring_cons, ring);
            F("xsk_ring_cons", struct xsk_ring_cons, flags);
            P("xsk_umem_config.sizeof", sizeof(struct xsk_umem_config));
            F("xsk_umem_config", struct xsk_umem_config, fill_size);
            F("xsk_umem_config", struct xsk_umem_config, comp_size);
            F("xsk_umem_config", struct xsk_umem_config, frame_size);
            F("xsk_umem_config", struct xsk_umem_config, frame_headroom);
            F("xsk_umem_config", struct xsk_umem_config, flags);
            P("xsk_socket_config.sizeof", sizeof(struct xsk_socket_config));
            F("xsk_socket_config", struct xsk_socket_config, rx_size);
            F("xsk_socket_config", struct xsk_socket_config, tx_size);
            F("xsk_socket_config", struct xsk_socket_config, libxdp_flags);
            F("xsk_socket_config", struct xsk_socket_config, xdp_flags);
            F("xsk_socket_config", struct xsk_socket_config, bind_flags);
            P("xdp_desc.sizeof", sizeof(struct xdp_desc));
            F("xdp_desc", struct xdp_desc, addr);
            F("xdp_desc", struct xdp_desc, len);
            F("xdp_desc", struct xdp_desc, options);
            P("xdp_statistics.sizeof", sizeof(struct xdp_statistics));
            F("xdp_statistics", struct xdp_statistics, rx_dropped);
            F("xdp_statistics", struct xdp_statistics, rx_invalid_descs);
            F("xdp_statistics", struct xdp_statistics, tx_invalid_descs);
            F("xdp_statistics", struct xdp_statistics, rx_ring_full);
            F("xdp_statistics", struct xdp_statistics, rx_fill_ring_empty_descs);
            F("xdp_statistics", struct xdp_statistics, tx_ring_empty_descs);
            P("xdp_options.sizeof", sizeof(struct xdp_options));
            P("bpf_insn.sizeof", sizeof(struct bpf_insn));
            F("bpf_insn", struct bpf_insn, off);
            F("bpf_insn", struct bpf_insn, imm);
            { struct bpf_insn i = { .dst_reg = 2, .src_reg = 1 }; P("bpf_insn.registers(2,1)", ((unsigned char *)&i)[1]); }
            P("bpf_prog_load_opts.sizeof", sizeof(struct bpf_prog_load_opts));
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, attempts);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, prog_flags);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, fd_array);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, line_info_rec_size);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, log_level);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, log_size);
            F("bpf_prog_load_opts", struct bpf_prog_load_opts, log_buf);
            P("bpf_xdp_attach_opts.sizeof", sizeof(struct bpf_xdp_attach_opts));
            F("bpf_xdp_attach_opts", struct bpf_xdp_attach_opts, old_prog_fd);
            P("bpf_xdp_query_opts.sizeof", sizeof(struct bpf_xdp_query_opts));
            F("bpf_xdp_query_opts", struct bpf_xdp_query_opts, prog_id);
            F("bpf_xdp_query_opts", struct bpf_xdp_query_opts, drv_prog_id);
            F("bpf_xdp_query_opts", struct bpf_xdp_query_opts, hw_prog_id);
            F("bpf_xdp_query_opts", struct bpf_xdp_query_opts, skb_prog_id);
            F("bpf_xdp_query_opts", struct bpf_xdp_query_opts, attach_mode);
            F("bpf_prog_info", struct bpf_prog_info, id);
            F("bpf_prog_info", struct bpf_prog_info, load_time);
            F("bpf_prog_info", struct bpf_prog_info, created_by_uid);
            F("bpf_prog_info", struct bpf_prog_info, name);
            F("bpf_prog_info", struct bpf_prog_info, ifindex);
            P("bpf_prog_info.name_length", sizeof(((struct bpf_prog_info *)0)->name));
            F("xdp_md", struct xdp_md, rx_queue_index);
            P("timespec.sizeof", sizeof(struct timespec));
            F("timespec", struct timespec, tv_nsec);

            P("XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD", XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD);
            P("XDP_COPY", XDP_COPY);
            P("XDP_ZEROCOPY", XDP_ZEROCOPY);
            P("XDP_USE_NEED_WAKEUP", XDP_USE_NEED_WAKEUP);
        #ifdef XDP_USE_SG
            P("XDP_USE_SG", XDP_USE_SG);
        #endif
        #ifdef XDP_PKT_CONTD
            P("XDP_PKT_CONTD", XDP_PKT_CONTD);
        #endif
            P("XDP_RING_NEED_WAKEUP", XDP_RING_NEED_WAKEUP);
            P("SOL_XDP", SOL_XDP);
            P("XDP_STATISTICS", XDP_STATISTICS);
            P("XDP_OPTIONS", XDP_OPTIONS);
            P("XDP_OPTIONS_ZEROCOPY", XDP_OPTIONS_ZEROCOPY);
            P("XDP_PACKET_HEADROOM", XDP_PACKET_HEADROOM);
            P("BPF_PROG_TYPE_XDP", BPF_PROG_TYPE_XDP);
            P("BPF_MAP_TYPE_XSKMAP", BPF_MAP_TYPE_XSKMAP);
            P("BPF_FUNC_redirect_map", BPF_FUNC_redirect_map);
            P("BPF_F_XDP_HAS_FRAGS", BPF_F_XDP_HAS_FRAGS);
            P("BPF_PSEUDO_MAP_FD", BPF_PSEUDO_MAP_FD);
            P("BPF_LDX_MEM_W", BPF_LDX | BPF_MEM | BPF_W);
            P("BPF_LD_IMM_DW", BPF_LD | BPF_IMM | BPF_DW);
            P("BPF_ALU64_MOV_K", BPF_ALU64 | BPF_MOV | BPF_K);
            P("BPF_JMP_CALL", BPF_JMP | BPF_CALL);
            P("BPF_JMP_EXIT", BPF_JMP | BPF_EXIT);
            P("XDP_PASS", XDP_PASS);
            P("XDP_FLAGS_UPDATE_IF_NOEXIST", XDP_FLAGS_UPDATE_IF_NOEXIST);
            P("XDP_FLAGS_SKB_MODE", XDP_FLAGS_SKB_MODE);
            P("XDP_FLAGS_DRV_MODE", XDP_FLAGS_DRV_MODE);
            P("XDP_FLAGS_HW_MODE", XDP_FLAGS_HW_MODE);
            P("XDP_FLAGS_REPLACE", XDP_FLAGS_REPLACE);
            P("XDP_ATTACHED_NONE", XDP_ATTACHED_NONE);
            P("XDP_ATTACHED_DRV", XDP_ATTACHED_DRV);
            P("XDP_ATTACHED_SKB", XDP_ATTACHED_SKB);
            P("XDP_ATTACHED_HW", XDP_ATTACHED_HW);
            P("XDP_ATTACHED_MULTI", XDP_ATTACHED_MULTI);
            P("PROT_READ", PROT_READ);
            P("PROT_WRITE", PROT_WRITE);
            P("MAP_PRIVATE", MAP_PRIVATE);
            P("MAP_ANONYMOUS", MAP_ANONYMOUS);
            P("MAP_POPULATE", MAP_POPULATE);
            P("MAP_HUGETLB", MAP_HUGETLB);
            P("MAP_HUGE_2MB", MAP_HUGE_2MB);
            P("MSG_DONTWAIT", MSG_DONTWAIT);
            P("RLIMIT_MEMLOCK", RLIMIT_MEMLOCK);
            P("CLOCK_REALTIME", CLOCK_REALTIME);
            P("CAP_NET_ADMIN", CAP_NET_ADMIN);
            P("CAP_NET_RAW", CAP_NET_RAW);
            P("CAP_IPC_LOCK", CAP_IPC_LOCK);
            P("CAP_SYS_ADMIN", CAP_SYS_ADMIN);
            P("CAP_BPF", CAP_BPF);
            P("EPERM", EPERM); P("ENOENT", ENOENT); P("EINTR", EINTR); P("ENXIO", ENXIO); P("EAGAIN", EAGAIN);
            P("ENOMEM", ENOMEM); P("EACCES", EACCES); P("EBUSY", EBUSY); P("EEXIST", EEXIST); P("ENODEV", ENODEV);
            P("EINVAL", EINVAL); P("ERANGE", ERANGE); P("ENOBUFS", ENOBUFS); P("EOPNOTSUPP", EOPNOTSUPP);
            return 0;
        }
        """;

    /// <summary>Defined by Linux 6.6's if_xdp.h; Debian 12's headers (6.1) lack them, so they are compared only
    /// where the installed header has them.</summary>
    private static readonly string[] NewerThanHeaders = ["XDP_USE_SG", "XDP_PKT_CONTD"];

    [Fact]
    public void Csharp_mirrors_match_the_C_headers()
    {
        Dictionary<string, long> c = CompileAndRun();
        Dictionary<string, long> expected = Mirrors();
        foreach (string optional in NewerThanHeaders)
        {
            if (!c.ContainsKey(optional))
                expected.Remove(optional);
        }
        Assert.Equal(expected.OrderBy(p => p.Key), c.OrderBy(p => p.Key));
    }

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();

    private static unsafe Dictionary<string, long> Mirrors() => new()
    {
        ["xsk_ring.sizeof"] = Unsafe.SizeOf<XskRing>(),
        ["xsk_ring_cons.sizeof"] = Unsafe.SizeOf<XskRing>(),
        ["xsk_ring.cached_prod"] = Offset<XskRing>(nameof(XskRing.CachedProd)),
        ["xsk_ring.cached_cons"] = Offset<XskRing>(nameof(XskRing.CachedCons)),
        ["xsk_ring.mask"] = Offset<XskRing>(nameof(XskRing.Mask)),
        ["xsk_ring.size"] = Offset<XskRing>(nameof(XskRing.Size)),
        ["xsk_ring.producer"] = Offset<XskRing>(nameof(XskRing.Producer)),
        ["xsk_ring.consumer"] = Offset<XskRing>(nameof(XskRing.Consumer)),
        ["xsk_ring.ring"] = Offset<XskRing>(nameof(XskRing.Ring)),
        ["xsk_ring.flags"] = Offset<XskRing>(nameof(XskRing.Flags)),
        ["xsk_ring_cons.ring"] = Offset<XskRing>(nameof(XskRing.Ring)),
        ["xsk_ring_cons.flags"] = Offset<XskRing>(nameof(XskRing.Flags)),
        ["xsk_umem_config.sizeof"] = Unsafe.SizeOf<XskUmemConfig>(),
        ["xsk_umem_config.fill_size"] = Offset<XskUmemConfig>(nameof(XskUmemConfig.FillSize)),
        ["xsk_umem_config.comp_size"] = Offset<XskUmemConfig>(nameof(XskUmemConfig.CompSize)),
        ["xsk_umem_config.frame_size"] = Offset<XskUmemConfig>(nameof(XskUmemConfig.FrameSize)),
        ["xsk_umem_config.frame_headroom"] = Offset<XskUmemConfig>(nameof(XskUmemConfig.FrameHeadroom)),
        ["xsk_umem_config.flags"] = Offset<XskUmemConfig>(nameof(XskUmemConfig.Flags)),
        ["xsk_socket_config.sizeof"] = Unsafe.SizeOf<XskSocketConfig>(),
        ["xsk_socket_config.rx_size"] = Offset<XskSocketConfig>(nameof(XskSocketConfig.RxSize)),
        ["xsk_socket_config.tx_size"] = Offset<XskSocketConfig>(nameof(XskSocketConfig.TxSize)),
        ["xsk_socket_config.libxdp_flags"] = Offset<XskSocketConfig>(nameof(XskSocketConfig.LibxdpFlags)),
        ["xsk_socket_config.xdp_flags"] = Offset<XskSocketConfig>(nameof(XskSocketConfig.XdpFlags)),
        ["xsk_socket_config.bind_flags"] = Offset<XskSocketConfig>(nameof(XskSocketConfig.BindFlags)),
        ["xdp_desc.sizeof"] = Unsafe.SizeOf<XdpDesc>(),
        ["xdp_desc.addr"] = Offset<XdpDesc>(nameof(XdpDesc.Addr)),
        ["xdp_desc.len"] = Offset<XdpDesc>(nameof(XdpDesc.Len)),
        ["xdp_desc.options"] = Offset<XdpDesc>(nameof(XdpDesc.Options)),
        ["xdp_statistics.sizeof"] = Unsafe.SizeOf<XdpStatisticsNative>(),
        ["xdp_statistics.rx_dropped"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.RxDropped)),
        ["xdp_statistics.rx_invalid_descs"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.RxInvalidDescs)),
        ["xdp_statistics.tx_invalid_descs"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.TxInvalidDescs)),
        ["xdp_statistics.rx_ring_full"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.RxRingFull)),
        ["xdp_statistics.rx_fill_ring_empty_descs"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.RxFillRingEmptyDescs)),
        ["xdp_statistics.tx_ring_empty_descs"] = Offset<XdpStatisticsNative>(nameof(XdpStatisticsNative.TxRingEmptyDescs)),
        ["xdp_options.sizeof"] = Unsafe.SizeOf<XdpOptionsNative>(),
        ["bpf_insn.sizeof"] = Unsafe.SizeOf<BpfInsn>(),
        ["bpf_insn.off"] = Offset<BpfInsn>(nameof(BpfInsn.Offset)),
        ["bpf_insn.imm"] = Offset<BpfInsn>(nameof(BpfInsn.Imm)),
        ["bpf_insn.registers(2,1)"] = new BpfInsn(0, dst: 2, src: 1, offset: 0, imm: 0).Registers,
        ["bpf_prog_load_opts.sizeof"] = Unsafe.SizeOf<BpfProgLoadOptions>(),
        ["bpf_prog_load_opts.attempts"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.Attempts)),
        ["bpf_prog_load_opts.prog_flags"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.ProgFlags)),
        ["bpf_prog_load_opts.fd_array"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.FdArray)),
        ["bpf_prog_load_opts.line_info_rec_size"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.LineInfoRecSize)),
        ["bpf_prog_load_opts.log_level"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.LogLevel)),
        ["bpf_prog_load_opts.log_size"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.LogSize)),
        ["bpf_prog_load_opts.log_buf"] = Offset<BpfProgLoadOptions>(nameof(BpfProgLoadOptions.LogBuf)),
        ["bpf_xdp_attach_opts.sizeof"] = Unsafe.SizeOf<BpfXdpAttachOptions>(),
        ["bpf_xdp_attach_opts.old_prog_fd"] = Offset<BpfXdpAttachOptions>(nameof(BpfXdpAttachOptions.OldProgFd)),
        ["bpf_xdp_query_opts.sizeof"] = Unsafe.SizeOf<BpfXdpQueryOptions>(),
        ["bpf_xdp_query_opts.prog_id"] = Offset<BpfXdpQueryOptions>(nameof(BpfXdpQueryOptions.ProgId)),
        ["bpf_xdp_query_opts.drv_prog_id"] = Offset<BpfXdpQueryOptions>(nameof(BpfXdpQueryOptions.DrvProgId)),
        ["bpf_xdp_query_opts.hw_prog_id"] = Offset<BpfXdpQueryOptions>(nameof(BpfXdpQueryOptions.HwProgId)),
        ["bpf_xdp_query_opts.skb_prog_id"] = Offset<BpfXdpQueryOptions>(nameof(BpfXdpQueryOptions.SkbProgId)),
        ["bpf_xdp_query_opts.attach_mode"] = Offset<BpfXdpQueryOptions>(nameof(BpfXdpQueryOptions.AttachMode)),
        ["bpf_prog_info.id"] = Offset<BpfProgInfo>(nameof(BpfProgInfo.Id)),
        ["bpf_prog_info.load_time"] = Offset<BpfProgInfo>(nameof(BpfProgInfo.LoadTime)),
        ["bpf_prog_info.created_by_uid"] = Offset<BpfProgInfo>(nameof(BpfProgInfo.CreatedByUid)),
        ["bpf_prog_info.name"] = Offset<BpfProgInfo>(nameof(BpfProgInfo.Name)),
        ["bpf_prog_info.ifindex"] = Offset<BpfProgInfo>(nameof(BpfProgInfo.Ifindex)),
        ["bpf_prog_info.name_length"] = 16,
        ["xdp_md.rx_queue_index"] = BpfConstants.XDP_MD_RX_QUEUE_INDEX,
        ["timespec.sizeof"] = Unsafe.SizeOf<Sys.Timespec>(),
        ["timespec.tv_nsec"] = Offset<Sys.Timespec>(nameof(Sys.Timespec.Nanoseconds)),

        ["XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD"] = XskConstants.InhibitProgLoad,
        ["XDP_COPY"] = XskConstants.XDP_COPY,
        ["XDP_ZEROCOPY"] = XskConstants.XDP_ZEROCOPY,
        ["XDP_USE_NEED_WAKEUP"] = XskConstants.XDP_USE_NEED_WAKEUP,
        ["XDP_USE_SG"] = XskConstants.XDP_USE_SG,
        ["XDP_PKT_CONTD"] = XskConstants.XDP_PKT_CONTD,
        ["XDP_RING_NEED_WAKEUP"] = XskConstants.XDP_RING_NEED_WAKEUP,
        ["SOL_XDP"] = XskConstants.SOL_XDP,
        ["XDP_STATISTICS"] = XskConstants.XDP_STATISTICS,
        ["XDP_OPTIONS"] = XskConstants.XDP_OPTIONS,
        ["XDP_OPTIONS_ZEROCOPY"] = XskConstants.XDP_OPTIONS_ZEROCOPY,
        ["XDP_PACKET_HEADROOM"] = XskConstants.XDP_PACKET_HEADROOM,
        ["BPF_PROG_TYPE_XDP"] = BpfConstants.BPF_PROG_TYPE_XDP,
        ["BPF_MAP_TYPE_XSKMAP"] = BpfConstants.BPF_MAP_TYPE_XSKMAP,
        ["BPF_FUNC_redirect_map"] = BpfConstants.BPF_FUNC_redirect_map,
        ["BPF_F_XDP_HAS_FRAGS"] = BpfConstants.BPF_F_XDP_HAS_FRAGS,
        ["BPF_PSEUDO_MAP_FD"] = BpfConstants.BPF_PSEUDO_MAP_FD,
        ["BPF_LDX_MEM_W"] = BpfConstants.BPF_LDX_MEM_W,
        ["BPF_LD_IMM_DW"] = BpfConstants.BPF_LD_IMM_DW,
        ["BPF_ALU64_MOV_K"] = BpfConstants.BPF_ALU64_MOV_K,
        ["BPF_JMP_CALL"] = BpfConstants.BPF_JMP_CALL,
        ["BPF_JMP_EXIT"] = BpfConstants.BPF_JMP_EXIT,
        ["XDP_PASS"] = BpfConstants.XDP_PASS,
        ["XDP_FLAGS_UPDATE_IF_NOEXIST"] = BpfConstants.XDP_FLAGS_UPDATE_IF_NOEXIST,
        ["XDP_FLAGS_SKB_MODE"] = BpfConstants.XDP_FLAGS_SKB_MODE,
        ["XDP_FLAGS_DRV_MODE"] = BpfConstants.XDP_FLAGS_DRV_MODE,
        ["XDP_FLAGS_HW_MODE"] = BpfConstants.XDP_FLAGS_HW_MODE,
        ["XDP_FLAGS_REPLACE"] = BpfConstants.XDP_FLAGS_REPLACE,
        ["XDP_ATTACHED_NONE"] = BpfConstants.XDP_ATTACHED_NONE,
        ["XDP_ATTACHED_DRV"] = BpfConstants.XDP_ATTACHED_DRV,
        ["XDP_ATTACHED_SKB"] = BpfConstants.XDP_ATTACHED_SKB,
        ["XDP_ATTACHED_HW"] = BpfConstants.XDP_ATTACHED_HW,
        ["XDP_ATTACHED_MULTI"] = BpfConstants.XDP_ATTACHED_MULTI,
        ["PROT_READ"] = Sys.PROT_READ,
        ["PROT_WRITE"] = Sys.PROT_WRITE,
        ["MAP_PRIVATE"] = Sys.MAP_PRIVATE,
        ["MAP_ANONYMOUS"] = Sys.MAP_ANONYMOUS,
        ["MAP_POPULATE"] = Sys.MAP_POPULATE,
        ["MAP_HUGETLB"] = Sys.MAP_HUGETLB,
        ["MAP_HUGE_2MB"] = Sys.MAP_HUGE_2MB,
        ["MSG_DONTWAIT"] = Sys.MSG_DONTWAIT,
        ["RLIMIT_MEMLOCK"] = Sys.RLIMIT_MEMLOCK,
        ["CLOCK_REALTIME"] = Sys.CLOCK_REALTIME,
        ["CAP_NET_ADMIN"] = Capability.NetAdmin.Number,
        ["CAP_NET_RAW"] = Capability.NetRaw.Number,
        ["CAP_IPC_LOCK"] = Capability.IpcLock.Number,
        ["CAP_SYS_ADMIN"] = Capability.SysAdmin.Number,
        ["CAP_BPF"] = Capability.Bpf.Number,
        ["EPERM"] = Errno.EPERM,
        ["ENOENT"] = Errno.ENOENT,
        ["EINTR"] = Errno.EINTR,
        ["ENXIO"] = Errno.ENXIO,
        ["EAGAIN"] = Errno.EAGAIN,
        ["ENOMEM"] = Errno.ENOMEM,
        ["EACCES"] = Errno.EACCES,
        ["EBUSY"] = Errno.EBUSY,
        ["EEXIST"] = Errno.EEXIST,
        ["ENODEV"] = Errno.ENODEV,
        ["EINVAL"] = Errno.EINVAL,
        ["ERANGE"] = Errno.ERANGE,
        ["ENOBUFS"] = Errno.ENOBUFS,
        ["EOPNOTSUPP"] = Errno.EOPNOTSUPP,
    };

    private static Dictionary<string, long> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("afxdp-abi").FullName;
        try
        {
            string source = Path.Combine(dir, "abi.c");
            string binary = Path.Combine(dir, "abi");
            File.WriteAllText(source, Program);
            ProcessRunner.Check("cc", "-std=gnu11", "-Wall", "-Werror", "-o", binary, source);
            return ProcessRunner.Check(binary)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(f => f[0], f => long.Parse(f[1]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
