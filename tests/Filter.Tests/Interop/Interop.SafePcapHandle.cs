using Microsoft.Win32.SafeHandles;

namespace Probe.Filter.Tests.Interop;

internal static partial class Libpcap
{
    /// <summary>A <c>pcap_t*</c>, closed with pcap_close exactly once.</summary>
    internal sealed class SafePcapHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SafePcapHandle() : base(ownsHandle: true) { }

        protected override bool ReleaseHandle()
        {
            Libpcap.Close(handle);
            return true;
        }
    }
}
