namespace Probe.Ingest.AfXdp.Interop;

/// <summary>The native libraries of the AF_XDP backend, by soname (Debian 12: libxdp1 1.3, libbpf1 1.1).</summary>
internal static class Libraries
{
    /// <summary>libxdp: UMEM and XSK socket creation (xsk_umem__create, xsk_socket__create).</summary>
    internal const string Xdp = "libxdp.so.1";

    /// <summary>libbpf: program load, maps, XDP attach/query.</summary>
    internal const string Bpf = "libbpf.so.1";

    internal const string C = "libc.so.6";
}
