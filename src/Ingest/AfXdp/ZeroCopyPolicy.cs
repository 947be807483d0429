namespace Probe.Ingest.AfXdp;

/// <summary>Whether the sockets must, may or must not use zero-copy (the configuration's <c>zero_copy</c>).</summary>
public enum ZeroCopyPolicy
{
    /// <summary>Zero-copy or a clear error (the driver has no AF_XDP zero-copy, or generic mode was asked for).</summary>
    Require,
    /// <summary>Zero-copy where the driver has it, else copy mode with a log line naming the reason.</summary>
    Prefer,
    /// <summary>Copy mode always.</summary>
    Never,
}
