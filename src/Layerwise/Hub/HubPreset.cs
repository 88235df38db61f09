namespace Layerwise.Hub;

/// <summary>One of the paper's SSL checkpoints: a short name for the CLI and its transformer size.</summary>
public sealed record HubPreset(string Name, string RepoId, string Family, int Layers, int Hidden)
{
    /// <summary>The six checkpoints of El Kheir et al. (2025).</summary>
    public static IReadOnlyList<HubPreset> All { get; } =
    [
        new("wav2vec2-base", "facebook/wav2vec2-base", "wav2vec2", 12, 768),
        new("xls-r-300m", "facebook/wav2vec2-xls-r-300m", "wav2vec2", 24, 1024),
        new("hubert-base", "facebook/hubert-base-ls960", "hubert", 12, 768),
        new("hubert-large", "facebook/hubert-large-ll60k", "hubert", 24, 1024),
        new("wavlm-base-plus", "microsoft/wavlm-base-plus", "wavlm", 12, 768),
        new("wavlm-large", "microsoft/wavlm-large", "wavlm", 24, 1024),
    ];

    /// <summary>The preset whose short name, repo id or repo name (the part after the slash) is
    /// <paramref name="nameOrRepoId"/> (case-insensitive); null when none is.</summary>
    public static HubPreset? Find(string nameOrRepoId) =>
        All.FirstOrDefault(p =>
            string.Equals(p.Name, nameOrRepoId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.RepoId, nameOrRepoId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.RepoId[(p.RepoId.IndexOf('/') + 1)..], nameOrRepoId, StringComparison.OrdinalIgnoreCase));
}
