namespace Probe.Zbuf;

/// <summary>Told by the poll thread right after each hand-over (e.g. to wake a consumer that said it sleeps).
/// Runs on the hot path: it must be cheap when there is nothing to do.</summary>
public interface IHandOverObserver
{
    void OnHandOver();
}
