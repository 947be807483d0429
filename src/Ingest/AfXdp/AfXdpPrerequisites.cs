namespace Probe.Ingest.AfXdp;

/// <summary>
/// The capabilities a port needs, checked before anything is created so that one message names everything
/// missing. What needs which: AF_XDP sockets CAP_NET_RAW; loading the program and creating the XSKMAP CAP_BPF and
/// CAP_NET_ADMIN (CAP_SYS_ADMIN grants both); attaching it CAP_NET_ADMIN; pinning the UMEM CAP_IPC_LOCK, unless
/// every UMEM together fits under RLIMIT_MEMLOCK. (Inspecting a program already attached needs CAP_SYS_ADMIN; that
/// is checked only when there is one.) Each step also maps its own EPERM, for a user namespace whose capabilities
/// look present but do not count.
/// </summary>
internal static class AfXdpPrerequisites
{
    public static void Check(string ifname, int queueCount, long umemBytesPerQueue)
    {
        Capabilities caps = Capabilities.Current();
        var missing = new List<(Capability Capability, string Why)>();
        if (!caps.Has(Capability.NetRaw))
            missing.Add((Capability.NetRaw, Capability.NetRaw.NeededFor));
        if (!caps.Has(Capability.Bpf) && !caps.Has(Capability.SysAdmin))
            missing.Add((Capability.Bpf, Capability.Bpf.NeededFor + " (or CAP_SYS_ADMIN)"));
        if (!caps.Has(Capability.NetAdmin))
            missing.Add((Capability.NetAdmin, Capability.NetAdmin.NeededFor));
        ulong total = (ulong)(queueCount * umemBytesPerQueue);
        ulong limit = MemlockLimit.Current();
        if (!caps.Has(Capability.IpcLock) && total > limit)
            missing.Add((Capability.IpcLock, $"to pin {queueCount} x {umemBytesPerQueue >> 20} MiB of UMEM, more than " +
                                             $"{MemlockLimit.Describe()} allows without it"));
        if (missing.Count == 0)
            return;
        throw new AfXdpException(
            $"afxdp {ifname}: AF_XDP capture needs capabilities this process lacks: " +
            string.Join("; ", missing.Select(m => $"{m.Capability.Name} ({m.Why})")) +
            ". Grant them (setcap, systemd AmbientCapabilities=, or --cap-add in a container) or run as root.",
            Interop.Errno.EPERM, missing.Select(m => m.Capability.Name).ToArray());
    }
}
