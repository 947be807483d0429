namespace Probe.Ingest.AfXdp;

/// <summary>
/// What one AF_XDP queue actually runs with, read back from the kernel after setup (never merely what was asked
/// for): the XDP attach mode, whether the socket is zero-copy (XDP_OPTIONS), and the UMEM's shape.
/// </summary>
public sealed record AfXdpQueueMode(
    XdpMode XdpMode,
    bool ZeroCopy,
    bool NeedWakeup,
    bool BusyPoll,
    bool MultiBuffer,
    bool Hugepages,
    int FrameCount,
    int FrameSize)
{
    /// <summary>"native XDP, copy mode, 4096 frames of 4096 B on hugepages, need_wakeup, busy poll, multi-buffer".</summary>
    public override string ToString() =>
        $"{(XdpMode == XdpMode.Native ? "native" : "generic")} XDP, {(ZeroCopy ? "zero-copy" : "copy mode")}, " +
        $"{FrameCount} frames of {FrameSize} B on {(Hugepages ? "hugepages" : "regular pages")}" +
        $"{(NeedWakeup ? ", need_wakeup" : "")}{(BusyPoll ? ", busy poll" : "")}{(MultiBuffer ? ", multi-buffer" : "")}";
}
