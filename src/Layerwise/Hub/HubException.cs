namespace Layerwise.Hub;

/// <summary>A hub request the user can fix: unknown repo or preset, missing file, offline without a cached copy,
/// a gated/private repo without a token. The message names the repo and what to change.</summary>
public sealed class HubException : LayerwiseInputException
{
    public HubException(string message) : base(message) { }

    public HubException(string message, Exception inner) : base(message, inner) { }
}
