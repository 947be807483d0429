using System.Runtime.InteropServices;
using Probe.Ingest.AfXdp.Interop;

namespace Probe.Ingest.AfXdp;

/// <summary>
/// An rx-only AF_XDP socket bound to one (interface, queue), created by libxdp without its default program (the
/// program is <see cref="XdpRedirectProgram"/>'s). Owns its rx ring struct, which libxdp points into the ring's
/// mapping. Dispose before the UMEM.
/// </summary>
internal sealed unsafe class XskSocket : IDisposable
{
    private readonly Lock _lifetime = new();
    private nint _socket;
    private XskRing* _rx;
    private XdpStatisticsNative _last;

    private XskSocket(nint socket, XskRing* rx, int fd)
    {
        _socket = socket;
        _rx = rx;
        Fd = fd;
    }

    public int Fd { get; }

    public RxRing Rx => new(_rx);

    /// <summary>Creates and binds the socket; throws <see cref="AfXdpException"/> with the kernel's reason.</summary>
    public static XskSocket Create(string ifname, int queue, XskUmem umem, uint rxSize, ushort bindFlags, string where)
    {
        var rx = (XskRing*)NativeMemory.AllocZeroed((nuint)sizeof(XskRing));
        var config = new XskSocketConfig
        {
            RxSize = rxSize,
            TxSize = 0,
            LibxdpFlags = XskConstants.InhibitProgLoad,
            XdpFlags = 0,
            BindFlags = bindFlags,
        };
        int rc = Xsk.SocketCreate(out nint socket, ifname, (uint)queue, umem.Handle, rx, null, config);
        if (rc != 0)
        {
            NativeMemory.Free(rx);
            throw new AfXdpException($"{where}: creating the AF_XDP socket failed: {Errno.Describe(-rc)}", -rc);
        }
        return new XskSocket(socket, rx, Xsk.SocketFd(socket));
    }

    /// <summary>
    /// Preferred busy polling (Documentation/networking/af_xdp.rst): a recvfrom on this socket then runs the
    /// driver's NAPI - the XDP program and the copy into the UMEM - on the calling (poll) thread, instead of leaving
    /// it to softirq on whichever CPU raised it (on a veth: the sender's). Returns null, or why it is unavailable.
    /// </summary>
    public string? EnableBusyPoll(int microseconds, int budget)
    {
        (int Option, int Value, string Name)[] options =
        [
            (Sys.SO_PREFER_BUSY_POLL, 1, "SO_PREFER_BUSY_POLL"),
            (Sys.SO_BUSY_POLL, microseconds, "SO_BUSY_POLL"),
            (Sys.SO_BUSY_POLL_BUDGET, budget, "SO_BUSY_POLL_BUDGET"),
        ];
        foreach ((int option, int value, string name) in options)
        {
            int v = value;
            if (Sys.SetSockOpt(Fd, Sys.SOL_SOCKET, option, &v, sizeof(int)) != 0)
                return $"setsockopt({name}) failed: {Errno.Describe(Marshal.GetLastPInvokeError())}";
        }
        return null;
    }

    /// <summary>Whether the kernel runs this socket in zero-copy mode (XDP_OPTIONS).</summary>
    public bool IsZeroCopy()
    {
        XdpOptionsNative options;
        uint length = (uint)sizeof(XdpOptionsNative);
        if (Sys.GetSockOpt(Fd, XskConstants.SOL_XDP, XskConstants.XDP_OPTIONS, &options, ref length) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new AfXdpException($"getsockopt(XDP_OPTIONS) failed: {Errno.Describe(errno)}", errno);
        }
        return (options.Flags & XskConstants.XDP_OPTIONS_ZEROCOPY) != 0;
    }

    /// <summary>The kernel's counters; after Dispose, the last values read. Safe from any thread.</summary>
    public XdpStatisticsNative ReadStatistics()
    {
        // The lock keeps Dispose from closing the socket (and the fd number from being reused) during the call.
        lock (_lifetime)
        {
            if (_socket != 0)
                ReadStatisticsLocked();
            return _last;
        }
    }

    /// <summary>The rx wake-up of need_wakeup mode: a non-blocking recvfrom with no buffer.</summary>
    public void Wake() => Sys.RecvFrom(Fd, 0, 0, Sys.MSG_DONTWAIT, 0, 0);

    public void Dispose()
    {
        lock (_lifetime)
        {
            if (_socket == 0)
                return;
            ReadStatisticsLocked(); // the final counts stay readable after the socket is gone
            Xsk.SocketDelete(_socket);
            _socket = 0;
            NativeMemory.Free(_rx);
            _rx = null;
        }
    }

    private void ReadStatisticsLocked()
    {
        XdpStatisticsNative stats;
        uint length = (uint)sizeof(XdpStatisticsNative);
        if (Sys.GetSockOpt(Fd, XskConstants.SOL_XDP, XskConstants.XDP_STATISTICS, &stats, ref length) == 0)
            _last = stats;
    }
}
