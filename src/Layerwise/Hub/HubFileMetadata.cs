namespace Layerwise.Hub;

/// <summary>What a HEAD on <c>{endpoint}/{repo}/resolve/{revision}/{file}</c> tells, read as huggingface_hub reads it
/// from the first response (redirects to other hosts not followed).</summary>
/// <param name="Commit">X-Repo-Commit.</param>
/// <param name="Etag">X-Linked-Etag (LFS: the sha256) or ETag, without W/ and quotes.</param>
/// <param name="Location">Where to GET the bytes: the redirect target (LFS CDN) or the resolve URL itself.</param>
/// <param name="Size">X-Linked-Size, else Content-Length of a 2xx answer; null when unknown.</param>
internal sealed record HubFileMetadata(string Commit, string Etag, Uri Location, long? Size);
