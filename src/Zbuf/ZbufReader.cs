using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf;

/// <summary>
/// The consumer side of a descriptor: maps buffers A and B (in this process or another), waits for ownership
/// with acquire semantics, and hands each buffer back with a release-store of user_gen. Buffers are handed
/// over strictly A, B, A, B..., so the reader only ever looks at the one it expects next.
/// </summary>
public sealed unsafe class ZbufReader : IDisposable
{
    private readonly SharedBuffer _a;
    private readonly SharedBuffer _b;
    private readonly bool _ownsBuffers;
    private readonly int _usable;
    private int _next;
    private int _version;
    private bool _leased;

    public ZbufReader(SharedBuffer a, SharedBuffer b, bool ownsBuffers)
    {
        if (a.Size != b.Size)
            throw new ZbufException($"buffers differ in size ({a.Size} and {b.Size} bytes)");
        _a = a;
        _b = b;
        _ownsBuffers = ownsBuffers;
        _usable = a.Size - SharedHeader.Size;
    }

    /// <summary>Maps two buffer fds received from the appliance (or reopened through /proc/PID/fd/N).</summary>
    public static ZbufReader Attach(SafeFileHandle a, SafeFileHandle b)
    {
        SharedBuffer bufferA = SharedBuffer.Attach(a);
        try
        {
            return new ZbufReader(bufferA, SharedBuffer.Attach(b), ownsBuffers: true);
        }
        catch
        {
            bufferA.Dispose();
            throw;
        }
    }

    /// <summary>Opens and maps two buffer paths, e.g. /proc/PID/fd/N of the producer's memfds.</summary>
    public static ZbufReader Open(string pathA, string pathB) =>
        Attach(File.OpenHandle(pathA, FileMode.Open, FileAccess.ReadWrite),
               File.OpenHandle(pathB, FileMode.Open, FileAccess.ReadWrite));

    public int BufferSize => _a.Size;

    /// <summary>Whether the next buffer is consumer-owned, without taking it (acquire load, no side effect).</summary>
    public bool IsNextReady
    {
        get
        {
            byte* buffer = (_next == 0 ? _a : _b).Pointer;
            return SharedHeader.AcquireKernelGen(buffer) != SharedHeader.AcquireUserGen(buffer);
        }
    }

    /// <summary>Takes the next buffer if the producer has handed it over; never blocks.</summary>
    public bool TryAcquire(out ZbufLease lease)
    {
        if (_leased)
            throw new InvalidOperationException("the previous buffer is still leased: release it first");
        byte* buffer = (_next == 0 ? _a : _b).Pointer;
        // Acquire: partner of the producer's release-increment; kernel_len and records are read after it.
        uint generation = SharedHeader.AcquireKernelGen(buffer);
        if (generation == SharedHeader.AcquireUserGen(buffer))
        {
            lease = default;
            return false;
        }
        int length = (int)Math.Min(SharedHeader.ReadKernelLen(buffer), (uint)_usable);
        lease = new ZbufLease(this, _next, generation, buffer + SharedHeader.Size, length, _version);
        _leased = true;
        return true;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next buffer: spins briefly (a consumer that keeps up pays no
    /// system call), then sleeps in short steps. Returns false on timeout or cancellation.
    /// </summary>
    public bool Acquire(out ZbufLease lease, TimeSpan timeout, CancellationToken cancellation = default)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (!TryAcquire(out lease))
        {
            if (cancellation.IsCancellationRequested || Stopwatch.GetTimestamp() >= deadline)
                return false;
            if (spin.NextSpinWillYield && spin.Count > 100)
                Thread.Sleep(1);
            else
                spin.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    /// <summary>Acknowledges the buffer: after our last read, release-store user_gen = kernel_gen.</summary>
    public void Release(in ZbufLease lease)
    {
        CheckLive(lease);
        byte* buffer = (lease.BufferIndex == 0 ? _a : _b).Pointer;
        // Release: partner of the producer's acquire-load of user_gen before it reuses the buffer.
        SharedHeader.ReleaseUserGen(buffer, lease.Generation);
        _next = 1 - lease.BufferIndex;
        _version++;
        _leased = false;
    }

    [Conditional("DEBUG")]
    internal void CheckLive(in ZbufLease lease)
    {
        if (!_leased || lease.Version != _version)
            throw new InvalidOperationException("zbuf lease used after it was released");
    }

    public void Dispose()
    {
        if (!_ownsBuffers)
            return;
        _a.Dispose();
        _b.Dispose();
    }
}
