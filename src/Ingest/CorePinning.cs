using System.Runtime.InteropServices;
using Probe.Ingest.Interop;

namespace Probe.Ingest;

/// <summary>Pins the calling thread to one core, as a poll thread must be to keep its caches and its core.</summary>
public static class CorePinning
{
    public static unsafe void PinCurrentThread(int core)
    {
        if (core < 0 || core >= 1024)
            throw new ArgumentOutOfRangeException(nameof(core), core, "core must be between 0 and 1023");
        ulong* mask = stackalloc ulong[16];
        new Span<ulong>(mask, 16).Clear();
        mask[core / 64] = 1UL << (core % 64);
        if (Libc.SchedSetaffinity(0, 16 * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"cannot pin the poll thread to core {core}: {Marshal.GetPInvokeErrorMessage(errno)} " +
                $"(this machine has cores 0-{Environment.ProcessorCount - 1})");
        }
    }
}
