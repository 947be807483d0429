using System.Runtime.InteropServices;
using Probe.Ingest.Interop;

namespace Probe.Ingest;

/// <summary>Pins the calling thread to one core, as a poll thread must be to keep its caches and its core.</summary>
public static class CorePinning
{
    private const int MaskWords = 16; // 1024 cores, glibc's CPU_SETSIZE

    /// <summary>
    /// The cores this process may run on (its affinity, e.g. under taskset or a container's cpuset), in order.
    /// Not 0..ProcessorCount-1: under `taskset -c 1` .NET counts one processor, and it is core 1.
    /// </summary>
    public static unsafe IReadOnlyList<int> AllowedCores()
    {
        ulong* mask = stackalloc ulong[MaskWords];
        new Span<ulong>(mask, MaskWords).Clear();
        if (Libc.SchedGetaffinity(0, MaskWords * sizeof(ulong), mask) < 0)
            return Enumerable.Range(0, Environment.ProcessorCount).ToList();
        var cores = new List<int>();
        for (int core = 0; core < MaskWords * 64; core++)
            if ((mask[core / 64] & (1UL << (core % 64))) != 0)
                cores.Add(core);
        return cores;
    }

    /// <summary>"0-1", "1", "0,2-3": a list of cores as taskset writes one.</summary>
    public static string Describe(IReadOnlyList<int> cores)
    {
        var parts = new List<string>();
        for (int i = 0; i < cores.Count;)
        {
            int j = i;
            while (j + 1 < cores.Count && cores[j + 1] == cores[j] + 1)
                j++;
            parts.Add(i == j ? $"{cores[i]}" : $"{cores[i]}-{cores[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    public static unsafe void PinCurrentThread(int core)
    {
        if (core < 0 || core >= 1024)
            throw new ArgumentOutOfRangeException(nameof(core), core, "core must be between 0 and 1023");
        ulong* mask = stackalloc ulong[MaskWords];
        new Span<ulong>(mask, MaskWords).Clear();
        mask[core / 64] = 1UL << (core % 64);
        if (Libc.SchedSetaffinity(0, MaskWords * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"cannot pin the poll thread to core {core}: {Marshal.GetPInvokeErrorMessage(errno)} " +
                $"(this process may run on cores {Describe(AllowedCores())})");
        }
    }
}
