namespace Layerwise.Hub;

/// <summary>A model snapshot in the local hub cache: <c>{cache}/models--org--name/snapshots/{Commit}</c>.</summary>
/// <param name="RepoId">e.g. facebook/wav2vec2-base</param>
/// <param name="Commit">The commit hash the snapshot folder is named after.</param>
/// <param name="Folder">Absolute path of the snapshot folder.</param>
/// <param name="WeightsFormat">Which weights layout the snapshot holds.</param>
/// <param name="WeightFiles">Weight files relative to <paramref name="Folder"/>: model.safetensors;
/// or model.safetensors.index.json followed by its shards; or pytorch_model.bin; or the one .pt of an imported research checkpoint.</param>
/// <param name="HasPreprocessorConfig">Whether preprocessor_config.json is in the snapshot.</param>
public sealed record HubSnapshot(
    string RepoId,
    string Commit,
    string Folder,
    WeightsFormat WeightsFormat,
    IReadOnlyList<string> WeightFiles,
    bool HasPreprocessorConfig)
{
    /// <summary>config.json of the snapshot (absent for <see cref="WeightsFormat.OriginalCheckpoint"/>: the .pt holds its config).</summary>
    public string ConfigPath => Path.Combine(Folder, HubFiles.Config);
}
