namespace Probe.Capture;

/// <summary>A command-line mistake: printed with the usage text, exit status 1 (as tcpdump does).</summary>
public sealed class UsageException(string message) : Exception(message);
