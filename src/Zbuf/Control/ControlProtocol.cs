namespace Probe.Zbuf.Control;

/// <summary>Wire constants of the control protocol; each is checked against probe_control.h by a C compile.</summary>
public static class ControlProtocol
{
    public const string DefaultSocketPath = "/run/probe-appliance/control.sock";
    public const int HeaderSize = 12;
    public const int MaxMessage = 65536;
    public const int BufferModeBuffered = 1;
    public const int BufferModeZeroCopy = 2;
    public const int AllQueues = -1;
    public const int BpfInstructionSize = 8;
    public const int QueueStatisticsSize = 56;
    public const int WakeupPageSize = 4096;
    public const int WakeupSleepingOffset = 0;
}
