namespace Probe.Ingest.AfXdp;

/// <summary>A Linux capability the AF_XDP backend may need, with its number (linux/capability.h) and what it is for.</summary>
internal sealed record Capability(string Name, int Number, string NeededFor)
{
    public static readonly Capability NetAdmin = new("CAP_NET_ADMIN", 12, "to attach the XDP program and create its XSKMAP");
    public static readonly Capability NetRaw = new("CAP_NET_RAW", 13, "to create AF_XDP sockets");
    public static readonly Capability IpcLock = new("CAP_IPC_LOCK", 14, "to pin UMEM pages beyond the locked-memory limit");
    public static readonly Capability SysAdmin = new("CAP_SYS_ADMIN", 21, "to inspect an XDP program already attached to the interface");
    public static readonly Capability Bpf = new("CAP_BPF", 39, "to load the XDP program and create its XSKMAP");

    public override string ToString() => Name;
}
