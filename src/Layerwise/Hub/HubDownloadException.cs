namespace Layerwise.Hub;

/// <summary>The hub could not be reached, a transfer failed, or it delivered wrong bytes (size, git blob id or sha256
/// mismatch, more than announced). A broken transfer leaves <c>blobs/{etag}.incomplete</c> for the next call to
/// resume; a corrupt one is deleted. An environment condition, not bad input: the CLI exits with code 3.</summary>
public sealed class HubDownloadException : IOException
{
    public HubDownloadException(string message) : base(message) { }

    public HubDownloadException(string message, Exception inner) : base(message, inner) { }
}
