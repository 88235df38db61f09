using Layerwise.Features;
using Layerwise.Replication;
using Layerwise.Study;
namespace Layerwise.Cli.Commands;

/// <summary>The results tables' family and size labels of the model a feature cache was extracted with, for the
/// commands that start from a cache (sweep, analyze) rather than from a model.</summary>
internal static class CachedModelLabels
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
            return key.Layers >= 24 ? "large" : "small";
        }
    }

    /// <summary>wav2vec2 | hubert | wavlm as the model id names it; null for an id that names none.</summary>
    public static string? FamilyOf(string modelId)
    {
        var id = modelId.ToLowerInvariant();
        return id.Contains("wavlm") ? "wavlm" : id.Contains("hubert") ? "hubert" : id.Contains("wav2vec2") || id.Contains("xls-r") ? "wav2vec2" : null;
    }
}
