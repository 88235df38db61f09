using System.Text.Json.Serialization;

namespace Layerwise.Features;

/// <summary>The manifest.json of a key folder: the key, the tensor layout and the entry format.
/// Entries themselves are self-describing files, so shards never contend for the manifest.</summary>
public sealed record FeatureCacheManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("key")] FeatureCacheKey Key,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("hidden_size")] int HiddenSize,
    [property: JsonPropertyName("dtype")] string DType,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("ssl_mode")] string SslMode,
    [property: JsonPropertyName("created_utc")] DateTime CreatedUtc)
{
    public const string CurrentFormat = "layerwise-feature-cache/1";
}
