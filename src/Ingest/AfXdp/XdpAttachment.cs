using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// <see cref="XdpRedirectProgram"/> attached to one interface (netlink attach, so a run that dies without
/// detaching leaves it behind: see <see cref="ExistingXdpProgram"/>). Every queue of the port holds a reference;
/// the last release detaches the program, guarded by XDP_FLAGS_REPLACE so that it can only ever remove its own
/// program, and closes it.
/// </summary>
internal sealed unsafe class XdpAttachment
{
    private readonly XdpRedirectProgram _program;
    private readonly int _ifindex;
    private readonly string _ifname;
    private readonly uint _modeFlag;
    private readonly TextWriter _log;
    private int _references = 1;

    private XdpAttachment(XdpRedirectProgram program, int ifindex, string ifname, XdpMode mode, TextWriter log)
    {
        _program = program;
        _ifindex = ifindex;
        _ifname = ifname;
        Mode = mode;
        _modeFlag = ModeFlag(mode);
        _log = log;
    }

    /// <summary>The attach mode the kernel reports for our program.</summary>
    public XdpMode Mode { get; }

    public XdpRedirectProgram Program => _program;

    /// <summary>Attaches <paramref name="program"/> as <paramref name="request"/> asks; takes ownership of it.
    /// Returns with one reference held.</summary>
    public static XdpAttachment Attach(XdpRedirectProgram program, int ifindex, string ifname, XdpModeRequest request,
        bool frags, TextWriter log)
    {
        XdpMode mode;
        try
        {
            mode = AttachInMode(program, ifindex, ifname, request, frags, log);
        }
        catch
        {
            program.Dispose();
            throw;
        }
        var attachment = new XdpAttachment(program, ifindex, ifname, mode, log);
        try
        {
            attachment.CheckAttached();
        }
        catch
        {
            attachment.Release(); // detaches (only if it is ours) and closes the program
            throw;
        }
        log.WriteLine($"afxdp {ifname}: XDP program {XdpRedirectProgram.Name} attached in {Describe(mode)} mode");
        return attachment;
    }

    private static XdpMode AttachInMode(XdpRedirectProgram program, int ifindex, string ifname, XdpModeRequest request,
        bool frags, TextWriter log)
    {
        if (request == XdpModeRequest.Generic)
            return AttachOrThrow(program, ifindex, ifname, XdpMode.Generic, frags);
        int errno = TryAttach(program, ifindex, XdpMode.Native);
        if (errno == 0)
            return XdpMode.Native;
        if (request == XdpModeRequest.Auto && errno is not (Errno.EBUSY or Errno.EEXIST or Errno.EPERM))
        {
            log.WriteLine($"afxdp {ifname}: native XDP unavailable ({Errno.Describe(errno)}); " +
                          "attaching in generic mode as xdp_mode: auto allows");
            return AttachOrThrow(program, ifindex, ifname, XdpMode.Generic, frags);
        }
        throw AttachFailure(ifname, XdpMode.Native, errno, frags);
    }

    /// <summary>One more queue uses the attachment.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>A queue is done with it; the last one detaches and closes the program.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
            return;
        var options = new BpfXdpAttachOptions { Sz = (nuint)sizeof(BpfXdpAttachOptions), OldProgFd = _program.ProgramFd };
        int rc = Bpf.XdpAttach(_ifindex, -1, _modeFlag | BpfConstants.XDP_FLAGS_REPLACE, options);
        // ENODEV: the interface went away, and the program with it.
        if (rc == 0)
            _log.WriteLine($"afxdp {_ifname}: XDP program {XdpRedirectProgram.Name} detached");
        else if (-rc != Errno.ENODEV)
            _log.WriteLine($"afxdp {_ifname}: detaching XDP program {XdpRedirectProgram.Name} failed: {Errno.Describe(-rc)}");
        _program.Dispose();
    }

    /// <summary>Reads back what is attached: our program, in the mode we asked for.</summary>
    private void CheckAttached()
    {
        BpfXdpQueryOptions query = ExistingXdpProgram.Query(_ifindex, _ifname);
        uint ours = ProgramId(_program.ProgramFd);
        if (query.ProgId != ours)
            throw new AfXdpException($"afxdp {_ifname}: after attaching, the interface runs XDP program id {query.ProgId}, not ours ({ours})");
        XdpMode reported = query.AttachMode switch
        {
            BpfConstants.XDP_ATTACHED_DRV => XdpMode.Native,
            BpfConstants.XDP_ATTACHED_SKB => XdpMode.Generic,
            _ => throw new AfXdpException($"afxdp {_ifname}: unexpected XDP attach mode {query.AttachMode} after attaching"),
        };
        if (reported != Mode)
            throw new AfXdpException($"afxdp {_ifname}: asked for {Describe(Mode)} XDP, the kernel reports {Describe(reported)}");
    }

    private static uint ProgramId(int fd)
    {
        BpfProgInfo info;
        uint length = (uint)sizeof(BpfProgInfo);
        int rc = Bpf.ObjGetInfoByFd(fd, &info, ref length);
        if (rc != 0)
            throw new AfXdpException($"reading our XDP program's info failed: {Errno.Describe(-rc)}", -rc);
        return info.Id;
    }

    private static XdpMode AttachOrThrow(XdpRedirectProgram program, int ifindex, string ifname, XdpMode mode, bool frags)
    {
        int errno = TryAttach(program, ifindex, mode);
        return errno == 0 ? mode : throw AttachFailure(ifname, mode, errno, frags);
    }

    /// <summary>Attaches unless a program is already there; returns 0 or the errno.</summary>
    private static int TryAttach(XdpRedirectProgram program, int ifindex, XdpMode mode)
    {
        var options = new BpfXdpAttachOptions { Sz = (nuint)sizeof(BpfXdpAttachOptions) };
        int rc = Bpf.XdpAttach(ifindex, program.ProgramFd, ModeFlag(mode) | BpfConstants.XDP_FLAGS_UPDATE_IF_NOEXIST, options);
        return -rc;
    }

    private static AfXdpException AttachFailure(string ifname, XdpMode mode, int errno, bool frags)
    {
        string step = $"afxdp {ifname}: attaching the XDP program in {Describe(mode)} mode failed: {Errno.Describe(errno)}";
        return errno switch
        {
            Errno.EPERM when !Capabilities.Current().Has(Capability.NetAdmin) =>
                new AfXdpException($"{step}: the process lacks CAP_NET_ADMIN ({Capability.NetAdmin.NeededFor})",
                    errno, [Capability.NetAdmin.Name]),
            Errno.EBUSY or Errno.EEXIST =>
                new AfXdpException($"{step}: another XDP program was attached to {ifname} meanwhile", errno),
            Errno.EOPNOTSUPP when mode == XdpMode.Native =>
                new AfXdpException($"{step}: the driver of {ifname} has no native XDP; use xdp_mode: generic or auto", errno),
            Errno.ERANGE or Errno.EINVAL when !frags =>
                new AfXdpException($"{step}: the MTU of {ifname} (or of its veth peer) is probably above what XDP " +
                                   "without multi-buffer takes (about 3.5 KB); lower it or set multi_buffer: true", errno),
            _ => new AfXdpException(step, errno),
        };
    }

    private static uint ModeFlag(XdpMode mode) =>
        mode == XdpMode.Native ? BpfConstants.XDP_FLAGS_DRV_MODE : BpfConstants.XDP_FLAGS_SKB_MODE;

    internal static string Describe(XdpMode mode) => mode == XdpMode.Native ? "native" : "generic";
}
