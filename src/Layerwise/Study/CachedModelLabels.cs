using Layerwise.Features;

namespace Layerwise.Study;

/// <summary>The results tables' family and size labels of the model a feature cache was extracted with, for the
/// commands that start from a cache (sweep, analyze) rather than from a model.</summary>
public static class CachedModelLabels
{
    /// <summary>small | large from the cached model's config (a folder, a preset or a cached hub id); the cached depth
    /// only when the config cannot be found.</summary>
    public static string SizeOf(FeatureCacheKey key)
    {
        try
        {
            return SslCheckpoint.Size(SslCheckpoint.ReadConfig(key.ModelId, key.Revision.StartsWith("random:", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is LayerwiseInputException or IOException)
        {
            return SslCheckpoint.SizeOfDepth(key.Layers);
        }
    }

    /// <summary>wav2vec2 | hubert | wavlm from the cached model's config (as <see cref="SizeOf"/>); null when the
    /// config cannot be found (no guessing from the id's spelling).</summary>
    public static string? FamilyOf(FeatureCacheKey key)
    {
        try
        {
            return SslCheckpoint.Family(SslCheckpoint.ReadConfig(key.ModelId, key.Revision.StartsWith("random:", StringComparison.Ordinal)).ModelType);
        }
        catch (Exception e) when (e is LayerwiseInputException or IOException)
        {
            return null;
        }
    }
}
