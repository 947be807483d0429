using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Probe.Zbuf.Interop;
using Probe.Zbuf.SharedMemory;

namespace Probe.Zbuf.Control;

/// <summary>
/// The consumer's end of the wake-up channel (docs/control-protocol.md): sleep on an eventfd only after telling the
/// appliance so through the shared page, and only after one last look at every queue. A consumer that keeps up never
/// calls <see cref="Wait"/> long enough to sleep, so it makes no system call per buffer.
/// </summary>
public sealed unsafe class ConsumerWakeup : IDisposable
{
    private readonly SafeFileHandle _eventFd;
    private readonly SharedBuffer _page;

    internal ConsumerWakeup(SafeFileHandle eventFd, SafeFileHandle page)
    {
        _eventFd = eventFd;
        _page = SharedBuffer.Attach(page);
    }

    /// <summary>Blocks until a buffer of <paramref name="readers"/> is ready, the appliance signals, or the timeout.
    /// Returns true if a buffer is ready.</summary>
    public bool Wait(IReadOnlyList<ZbufReader> readers, TimeSpan timeout)
    {
        ref int sleeping = ref *(int*)(_page.Pointer + ControlProtocol.WakeupSleepingOffset);
        // Full barrier, partner of the appliance's barrier after each hand-over (see WakeupSignal.OnHandOver).
        Interlocked.Exchange(ref sleeping, 1);
        if (AnyReady(readers))
        {
            Volatile.Write(ref sleeping, 0);
            return true;
        }
        var poll = new Libc.PollFd { Fd = (int)_eventFd.DangerousGetHandle(), Events = Libc.POLLIN };
        int ms = (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, int.MaxValue);
        while (Libc.Poll(&poll, 1, ms) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
        {
        }
        ulong count;
        Libc.Read(_eventFd, &count, sizeof(ulong)); // non-blocking: resets the counter if it was signalled
        Volatile.Write(ref sleeping, 0);
        return AnyReady(readers);
    }

    private static bool AnyReady(IReadOnlyList<ZbufReader> readers)
    {
        foreach (ZbufReader r in readers)
            if (r.IsNextReady)
                return true;
        return false;
    }

    public void Dispose()
    {
        _eventFd.Dispose();
        _page.Dispose();
    }
}
