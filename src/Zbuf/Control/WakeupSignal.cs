using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.Interop;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Control;

/// <summary>
/// The appliance's end of a consumer's wake-up channel: an eventfd plus a shared page whose first word the consumer
/// sets to 1 before it blocks. After each hand-over the poll thread wakes the consumer only if that word is set, so
/// a consumer that keeps up costs no system call on either side.
/// </summary>
public sealed unsafe class WakeupSignal : IHandOverObserver, IDisposable
{
    private readonly SharedBuffer _page;
    private readonly SafeFileHandle _eventFd;

    public WakeupSignal()
    {
        _page = SharedBuffer.Create("zbuf-wakeup", ControlProtocol.WakeupPageSize, HugepagePolicy.Never, out _);
        _eventFd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_eventFd.IsInvalid)
        {
            _page.Dispose();
            throw new ZbufException($"eventfd failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>The two descriptors handed to the consumer: the eventfd, then the page's memfd.</summary>
    public SafeFileHandle[] Descriptors => [_eventFd, _page.Fd];

    public void OnHandOver()
    {
        ref int sleeping = ref *(int*)(_page.Pointer + ControlProtocol.WakeupSleepingOffset);
        // Full barrier, partner of the consumer's exchange before its final check: either the consumer sees the
        // buffer this hand-over just published, or we see its sleeping flag. Never neither.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref sleeping) != 0 && Interlocked.Exchange(ref sleeping, 0) != 0)
            Signal();
    }

    /// <summary>Wakes the consumer unconditionally (on close, so it notices at once).</summary>
    public void Signal()
    {
        ulong one = 1;
        Libc.Write(_eventFd, &one, sizeof(ulong)); // EAGAIN (counter saturated) still leaves it readable: fine
    }

    public void Dispose()
    {
        _eventFd.Dispose();
        _page.Dispose();
    }
}
