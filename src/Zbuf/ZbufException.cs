namespace Probe.Zbuf;

/// <summary>A zbuf setup or protocol failure; the message always says why (never a bare errno).</summary>
public sealed class ZbufException : Exception
{
    public int Errno { get; }

    public ZbufException(string message, int errno = 0) : base(message) => Errno = errno;
}
