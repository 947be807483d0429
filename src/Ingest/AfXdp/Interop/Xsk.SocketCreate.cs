using System.Runtime.InteropServices;

namespace Probe.Ingest.AfXdp.Interop;

internal static unsafe partial class Xsk
{
    /// <summary>
    /// xsk_socket__create: creates (or, for the UMEM's first socket, reuses the UMEM's) AF_XDP socket, maps its rx
    /// ring into <paramref name="rx"/> (which must stay put until the socket is deleted) and binds it to
    /// (<paramref name="ifname"/>, <paramref name="queueId"/>) with the config's bind flags. Returns 0 or a
    /// negative errno (EOPNOTSUPP: zero-copy asked of a driver without it; EINVAL: a flag the kernel does not know,
    /// or a queue the device does not have; EBUSY: the queue already has a socket).
    /// </summary>
    [LibraryImport(Libraries.Xdp, EntryPoint = "xsk_socket__create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SocketCreate(out nint socket, string ifname, uint queueId, nint umem, XskRing* rx,
        XskRing* tx, in XskSocketConfig config);
}
