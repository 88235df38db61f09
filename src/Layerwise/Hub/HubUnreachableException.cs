namespace Layerwise.Hub;

/// <summary>The endpoint could not be reached at all (no answer). Lets a call fall back on the cache, as
/// huggingface_hub does on a connection error; without a cached copy it becomes a <see cref="HubDownloadException"/>.</summary>
public sealed class HubUnreachableException(string message, Exception inner) : IOException(message, inner);
