namespace Probe.Ingest.Dpdk.Interop;

/// <summary>
/// libprobe_dpdk.so, the C shim over DPDK 22.11 (native/dpdk/probe_dpdk.h). Status convention for int32 returns:
/// 0 or a non-negative count on success, a negative <c>enum pdk_status</c> on failure, with a message in the
/// caller's err buffer for control calls. Calls marked [FAST] in the header never block.
/// </summary>
internal static partial class Pdk
{
    internal const string Library = "libprobe_dpdk.so";
    internal const int AbiVersion = 2;
    internal const int ErrorCapacity = 2048;
    internal const int NameSize = 64;
    internal const int QueueStatCounters = 16;

    internal const int E_NoHugepages = -4;
    internal const int E_TooManyQueues = -9;
}
