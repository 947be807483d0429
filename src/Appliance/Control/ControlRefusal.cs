namespace Probe.Appliance.Control;

/// <summary>A request the appliance refuses: -errno for programs, the reason for people.</summary>
internal sealed class ControlRefusal(int errno, string reason) : Exception(reason)
{
    public const int EPERM = 1, ENXIO = 6, ENOMEM = 12, EBUSY = 16, EINVAL = 22, EOPNOTSUPP = 95;

    public int Errno { get; } = errno;
}
