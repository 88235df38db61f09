namespace Layerwise.Hub;

/// <summary>A transfer that failed or delivered wrong bytes (size or sha256 mismatch). A broken transfer leaves
/// <c>blobs/{etag}.incomplete</c> for the next call to resume; a corrupt one is deleted.</summary>
public sealed class HubDownloadException : IOException
{
    public HubDownloadException(string message) : base(message) { }

    public HubDownloadException(string message, Exception inner) : base(message, inner) { }
}
