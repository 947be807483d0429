namespace Probe.Ingest;

/// <summary>An rx source failed (a malformed file, a device error); the message names the source and the fault.</summary>
public sealed class RxSourceException : Exception
{
    public RxSourceException(string message, Exception? inner = null) : base(message, inner) { }
}
