namespace Layerwise.Features;

/// <summary>A cache file or folder that cannot be used as it is (torn entry, foreign manifest, bad shard spec).</summary>
public sealed class FeatureCacheException(string path, string problem)
    : LayerwiseInputException($"{path}: {problem}")
{
    public string Path { get; } = path;
}
