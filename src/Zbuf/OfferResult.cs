namespace Probe.Zbuf;

/// <summary>What became of one packet offered to a descriptor; every outcome is counted.</summary>
public enum OfferResult
{
    /// <summary>The filter rejected it (counted in received only).</summary>
    Rejected,
    /// <summary>Written into the store buffer (captured).</summary>
    Captured,
    /// <summary>Accepted but both buffers were consumer-owned (dropped).</summary>
    Dropped,
}
