using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf;

/// <summary>The two equal-sized buffers A and B of one descriptor (protocol section 1).</summary>
public sealed unsafe class BufferPair : IDisposable
{
    public SharedBuffer A { get; }
    public SharedBuffer B { get; }

    /// <summary>Bytes per buffer, header included.</summary>
    public int Size => A.Size;

    /// <summary>Takes ownership of both buffers after the bpf(4) checks: distinct, equal sizes, room for a record.</summary>
    public BufferPair(SharedBuffer a, SharedBuffer b)
    {
        if (ReferenceEquals(a, b) || a.Pointer == b.Pointer)
            throw new ZbufException("buffers A and B are the same buffer");
        if (a.Size != b.Size)
            throw new ZbufException($"buffers differ in size ({a.Size} and {b.Size} bytes)");
        if (a.Size < SharedHeader.Size + RecordHeader.Size + RecordHeader.Alignment)
            throw new ZbufException($"buffer size {a.Size} leaves no room for a record");
        A = a;
        B = b;
    }

    /// <summary>Allocates a fresh pair; <paramref name="notice"/> says why Prefer got regular pages.</summary>
    public static BufferPair Allocate(string name, int size, HugepagePolicy policy, out string? notice)
    {
        SharedBuffer a = SharedBuffer.Create(name + "-A", size, policy, out notice);
        try
        {
            var pair = new BufferPair(a, SharedBuffer.Create(name + "-B", size, policy, out string? noticeB));
            notice ??= noticeB;
            return pair;
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    public SharedBuffer this[int index] => index == 0 ? A : B;

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
