using System.Runtime.InteropServices;

namespace Probe.Pcap.Tests;

/// <summary>A pcap_t*, closed exactly once.</summary>
internal sealed class PcapHandle : SafeHandle
{
    public PcapHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.LibPcap.Close(handle);
        return true;
    }
}
