namespace Layerwise.Hub;

/// <summary>
/// One of the paper's SSL checkpoints: a short name for the CLI, its transformer size, and both places it is
/// published: the Hugging Face conversion (<see cref="RepoId"/>) and the original research file the paper ran
/// (<see cref="OriginalFile"/>, from <see cref="OriginalSource"/>), which <c>layerwise hub import</c> files under the repo id.
/// </summary>
public sealed record HubPreset(string Name, string RepoId, string Family, int Layers, int Hidden, string OriginalFile, string OriginalSource)
{
    const string Fairseq = "https://dl.fbaipublicfiles.com/";
    const string Unilm = "https://github.com/microsoft/unilm/tree/master/wavlm (download links in its README)";

    /// <summary>The six checkpoints of El Kheir et al. (2025).</summary>
    public static IReadOnlyList<HubPreset> All { get; } =
    [
        new("wav2vec2-base", "facebook/wav2vec2-base", "wav2vec2", 12, 768, "wav2vec_small.pt", Fairseq + "fairseq/wav2vec/wav2vec_small.pt"),
        new("xls-r-300m", "facebook/wav2vec2-xls-r-300m", "wav2vec2", 24, 1024, "xlsr2_300m.pt", Fairseq + "fairseq/wav2vec/xlsr2_300m.pt"),
        new("hubert-base", "facebook/hubert-base-ls960", "hubert", 12, 768, "hubert_base_ls960.pt", Fairseq + "hubert/hubert_base_ls960.pt"),
        new("hubert-large", "facebook/hubert-large-ll60k", "hubert", 24, 1024, "hubert_large_ll60k.pt", Fairseq + "hubert/hubert_large_ll60k.pt"),
        new("wavlm-base-plus", "microsoft/wavlm-base-plus", "wavlm", 12, 768, "WavLM-Base+.pt", Unilm),
        new("wavlm-large", "microsoft/wavlm-large", "wavlm", 24, 1024, "WavLM-Large.pt", Unilm),
    ];

    /// <summary>The preset whose short name, repo id, repo name (the part after the slash) or original file name is
    /// <paramref name="nameOrRepoId"/> (case-insensitive); null when none is.</summary>
    public static HubPreset? Find(string nameOrRepoId) =>
        All.FirstOrDefault(p =>
            string.Equals(p.Name, nameOrRepoId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.RepoId, nameOrRepoId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.RepoId[(p.RepoId.IndexOf('/') + 1)..], nameOrRepoId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(p.OriginalFile, nameOrRepoId, StringComparison.OrdinalIgnoreCase));
}
