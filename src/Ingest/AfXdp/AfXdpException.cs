namespace Probe.Ingest.AfXdp;

/// <summary>
/// An AF_XDP port could not be opened or kept running. The message names the interface, the queue where one is
/// involved, the step that failed, the kernel's reason and, where one exists, the fix (a capability, a channel
/// count, a configuration key).
/// </summary>
public sealed class AfXdpException : Exception
{
    public AfXdpException(string message, int errno = 0, IReadOnlyList<string>? missingCapabilities = null)
        : base(message)
    {
        Errno = errno;
        MissingCapabilities = missingCapabilities ?? [];
    }

    /// <summary>The errno behind the failure, or 0.</summary>
    public int Errno { get; }

    /// <summary>Capabilities (CAP_NET_RAW, ...) whose absence caused the failure; empty when that was not the cause.</summary>
    public IReadOnlyList<string> MissingCapabilities { get; }
}
