namespace Layerwise.Hub;

/// <summary>The endpoint could not be reached at all (no answer). Internal: lets a call fall back on the cache,
/// as huggingface_hub does on a connection error.</summary>
internal sealed class HubUnreachableException(string message, Exception inner) : Exception(message, inner);
