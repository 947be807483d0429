using System.Text;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// What to do about an XDP program already attached to the interface at start (the kernel here takes one program
/// per interface; a second attach fails with EBUSY). A redirect program of an AF_XDP user (ours, probe_xsk, or
/// libxdp's xsk_def_prog) that no process holds was left by a run that died without detaching it: it is stale,
/// and it is detached with a log line when the options allow. Anything else is refused with a message that
/// names the program, its holder and the command that would remove it; it is never touched.
/// </summary>
internal static unsafe class ExistingXdpProgram
{
    /// <summary>libxdp's default AF_XDP program (xsk_def_xdp_prog.o), left by a crashed libxdp or DPDK net_af_xdp run.</summary>
    public const string LibxdpDefaultName = "xsk_def_prog";

    public static BpfXdpQueryOptions Query(int ifindex, string ifname)
    {
        var query = new BpfXdpQueryOptions { Sz = (nuint)sizeof(BpfXdpQueryOptions) };
        int rc = Bpf.XdpQuery(ifindex, 0, ref query);
        if (rc != 0)
            throw new AfXdpException($"afxdp {ifname}: querying its XDP programs failed: {Errno.Describe(-rc)}", -rc);
        return query;
    }

    /// <summary>Returns with no program attached to the interface, or throws saying why one must stay.</summary>
    public static void Resolve(int ifindex, string ifname, bool replaceStale, TextWriter log)
    {
        // A program can vanish between the query and opening it (its owner detached it): look again, a few times.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            BpfXdpQueryOptions query = Query(ifindex, ifname);
            if (query.ProgId == 0)
                return;
            if (query.AttachMode == BpfConstants.XDP_ATTACHED_MULTI)
                throw new AfXdpException($"afxdp {ifname}: several XDP programs are attached (native id {query.DrvProgId}, " +
                                         $"generic id {query.SkbProgId}); remove them with: ip link set dev {ifname} xdp off");
            string mode = query.AttachMode == BpfConstants.XDP_ATTACHED_SKB ? "generic" : query.AttachMode == BpfConstants.XDP_ATTACHED_HW ? "offloaded" : "native";
            string removal = $"ip link set dev {ifname} {(query.AttachMode == BpfConstants.XDP_ATTACHED_SKB ? "xdpgeneric" : "xdp")} off";

            // Holders first: once we open the program ourselves, this process holds it too.
            IReadOnlyList<BpfProgramHolders.Holder> holders = BpfProgramHolders.Find(query.ProgId);
            int fd = Bpf.ProgGetFdById(query.ProgId);
            if (-fd == Errno.ENOENT)
                continue;
            if (fd < 0)
                throw InspectFailure(ifname, query.ProgId, mode, -fd);
            using var program = new FileDescriptorHandle(fd);
            (string name, TimeSpan loadedAgo) = Describe(fd, ifname);
            string what = $"XDP program '{name}' (id {query.ProgId}, {mode} mode, loaded {Ago(loadedAgo)})";

            if (holders.Any(h => h.Pid == Environment.ProcessId))
                throw new AfXdpException($"afxdp {ifname}: this process already captures on {ifname} ({what}); give all " +
                                         "of an interface's queues to one port", Errno.EBUSY);
            if (holders.Count > 0)
                throw new AfXdpException($"afxdp {ifname}: {what} is attached and held by " +
                                         $"{string.Join(", ", holders)}; another capture or XDP user owns {ifname}", Errno.EBUSY);
            if (name is not (XdpRedirectProgram.Name or LibxdpDefaultName))
                throw new AfXdpException($"afxdp {ifname}: {what} is attached; it is not an AF_XDP program left by a " +
                                         $"crashed run, so it is left alone. If it is not needed, remove it with: {removal}", Errno.EBUSY);
            if (!replaceStale)
                throw new AfXdpException($"afxdp {ifname}: stale {what} is attached, held by no process (a run that " +
                                         $"ended without detaching it); remove it with: {removal}, or set " +
                                         "replace_stale_program: true", Errno.EBUSY);

            uint modeFlag = query.AttachMode switch
            {
                BpfConstants.XDP_ATTACHED_SKB => BpfConstants.XDP_FLAGS_SKB_MODE,
                BpfConstants.XDP_ATTACHED_HW => BpfConstants.XDP_FLAGS_HW_MODE,
                _ => BpfConstants.XDP_FLAGS_DRV_MODE,
            };
            // REPLACE with the stale program's fd: detach only if it is still the one attached.
            var options = new BpfXdpAttachOptions { Sz = (nuint)sizeof(BpfXdpAttachOptions), OldProgFd = fd };
            int rc = Bpf.XdpAttach(ifindex, -1, modeFlag | BpfConstants.XDP_FLAGS_REPLACE, options);
            if (rc != 0 && -rc is not (Errno.EEXIST or Errno.EBUSY))
                throw new AfXdpException($"afxdp {ifname}: detaching stale {what} failed: {Errno.Describe(-rc)}", -rc);
            if (rc == 0)
                log.WriteLine($"afxdp {ifname}: replaced stale {what}: no process held it, so a run ended without " +
                              "detaching it");
            // EEXIST: someone else replaced it meanwhile; look again.
        }
        throw new AfXdpException($"afxdp {ifname}: its XDP program keeps changing; another loader is working on it", Errno.EBUSY);
    }

    private static (string Name, TimeSpan LoadedAgo) Describe(int fd, string ifname)
    {
        BpfProgInfo info;
        uint length = (uint)sizeof(BpfProgInfo);
        int rc = Bpf.ObjGetInfoByFd(fd, &info, ref length);
        if (rc != 0)
            throw new AfXdpException($"afxdp {ifname}: reading the attached XDP program's info failed: {Errno.Describe(-rc)}", -rc);
        var name = new ReadOnlySpan<byte>(info.Name, 16);
        int end = name.IndexOf((byte)0);
        string text = Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
        // load_time is CLOCK_BOOTTIME nanoseconds; Environment.TickCount64 is close enough for "how long ago".
        TimeSpan ago = TimeSpan.FromMilliseconds(Environment.TickCount64) - TimeSpan.FromTicks((long)(info.LoadTime / 100));
        return (text.Length > 0 ? text : "(unnamed)", ago);
    }

    private static string Ago(TimeSpan ago) =>
        ago < TimeSpan.Zero ? "just now"
        : ago.TotalSeconds < 120 ? $"{ago.TotalSeconds:F0} s ago"
        : ago.TotalMinutes < 120 ? $"{ago.TotalMinutes:F0} min ago"
        : $"{ago.TotalHours:F0} h ago";

    private static AfXdpException InspectFailure(string ifname, uint id, string mode, int errno)
    {
        string step = $"afxdp {ifname}: an XDP program (id {id}, {mode} mode) is attached, and opening it to see whose " +
                      $"it is failed: {Errno.Describe(errno)}";
        return errno == Errno.EPERM && !Capabilities.Current().Has(Capability.SysAdmin)
            ? new AfXdpException($"{step}: the process lacks CAP_SYS_ADMIN ({Capability.SysAdmin.NeededFor})",
                errno, [Capability.SysAdmin.Name])
            : new AfXdpException(step, errno);
    }
}
