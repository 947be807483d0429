using Probe.Zbuf;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Tests;

public class SharedBufferTests
{
    [Fact]
    public unsafe void Buffers_are_shared_memfds_that_another_mapping_sees_at_once()
    {
        using SharedBuffer buffer = SharedBuffer.Create("t", 8192, HugepagePolicy.Never, out string? notice);
        Assert.Null(notice);
        Assert.Equal(-1, new ReadOnlySpan<byte>(buffer.Pointer, 8192).IndexOfAnyExcept((byte)0)); // all zero
        using SharedBuffer view = SharedBuffer.Attach(
            File.OpenHandle(buffer.ProcPath, FileMode.Open, FileAccess.ReadWrite));
        buffer.Pointer[100] = 42;
        Assert.Equal(42, view.Pointer[100]);
        Assert.NotEqual((nint)buffer.Pointer, (nint)view.Pointer);
    }

    [Fact]
    public void Prefer_falls_back_to_regular_pages_with_a_notice_that_says_why()
    {
        using SharedBuffer buffer = SharedBuffer.Create("t", 8192, HugepagePolicy.Prefer, out string? notice);
        Assert.False(buffer.IsHugepageBacked);
        Assert.Equal("using regular pages for zbuf buffers: buffer size 8192 is not a multiple of the 2 MiB hugepage size", notice);
    }

    [Fact]
    public void Require_fails_with_the_command_that_fixes_it()
    {
        long free = Hugepages.FreePages();
        int size = checked((int)((free + 1) * Hugepages.PageSize));
        var e = Assert.Throws<ZbufException>(() => SharedBuffer.Create("t", size, HugepagePolicy.Require, out _));
        Assert.StartsWith($"hugepages are required but no {free + 1} free 2 MiB hugepage(s) ({free} free;", e.Message);
        Assert.Contains("echo ", e.Message);
        Assert.EndsWith(" > /proc/sys/vm/nr_hugepages", e.Message);
    }

    [Fact]
    public void Prefer_uses_hugepages_when_the_pool_has_them()
    {
        HugepagePool.EnsureFree(4);
        using SharedBuffer buffer = SharedBuffer.Create("t", 2 * Hugepages.PageSize, HugepagePolicy.Require, out string? notice);
        Assert.True(buffer.IsHugepageBacked);
        Assert.Null(notice);
    }

    [Fact]
    public void Pairs_refuse_unequal_sizes()
    {
        var a = SharedBuffer.Create("a", 8192, HugepagePolicy.Never, out _);
        var b = SharedBuffer.Create("b", 4096 * 3, HugepagePolicy.Never, out _);
        var e = Assert.Throws<ZbufException>(() => new BufferPair(a, b));
        Assert.Equal("buffers differ in size (8192 and 12288 bytes)", e.Message);
        Assert.Throws<ZbufException>(() => new BufferPair(a, a));
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void A_size_that_is_not_a_page_multiple_is_refused()
    {
        var e = Assert.Throws<ZbufException>(() => SharedBuffer.Create("t", 5000, HugepagePolicy.Never, out _));
        Assert.Equal("buffer size 5000 is not a positive multiple of the page size 4096", e.Message);
    }
}
