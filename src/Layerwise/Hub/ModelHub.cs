using System.Text.RegularExpressions;

namespace Layerwise.Hub;

/// <summary>
/// Hugging Face hub access for SSL checkpoints: config.json, preprocessor_config.json (when the repo has one) and the
/// weights (model.safetensors, else model.safetensors.index.json and its shards, else pytorch_model.bin), fetched from
/// <c>{endpoint}/{repo}/resolve/{revision}/{file}</c> into the standard hub cache that Python's huggingface_hub
/// shares (see <see cref="HubCache"/>). A complete cached snapshot for the revision is used without any request
/// (unless <see cref="HubOptions.Refresh"/>); when the hub cannot be reached, a cached snapshot is used as well.
/// </summary>
public static partial class ModelHub
{
    /// <summary>
    /// Returns a local folder holding config.json, preprocessor_config.json (when the repo has one) and the
    /// weights of <paramref name="repoId"/> (e.g. "facebook/wav2vec2-base", or a preset short name such as
    /// "wavlm-large"), downloading into the standard Hugging Face cache (HF_HOME / HF_HUB_CACHE) what is not there
    /// yet. Settings come from the environment (<see cref="HubOptions.FromEnvironment"/>).
    /// </summary>
    public static string Download(string repoId, string revision = "main", IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Fetch(repoId, null, revision, progress, cancellationToken).Folder;

    /// <summary>
    /// A model folder for <paramref name="folderOrRepoId"/>: an existing local folder holding config.json, a local .pt
    /// file or a folder holding one, is used as it is (as transformers' from_pretrained does); anything else is a repo
    /// id or preset, fetched as by <see cref="Download"/> (an imported .pt snapshot is found in the cache too).
    /// </summary>
    public static string GetModelFolder(string folderOrRepoId, string revision = "main", IProgress<DownloadProgress>? progress = null,
        HubOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(Path.Combine(folderOrRepoId, HubFiles.Config)) || Models.Ssl.SslModels.OriginalFile(folderOrRepoId) is not null)
            return Path.GetFullPath(folderOrRepoId);
        return Fetch(folderOrRepoId, options, revision, progress, cancellationToken).Folder;
    }

    /// <summary>Like <see cref="Download"/> with explicit options (null: from the environment), returning the
    /// snapshot with its commit and weight files.</summary>
    public static HubSnapshot Fetch(string repoIdOrPreset, HubOptions? options = null, string revision = "main",
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        FetchAsync(repoIdOrPreset, options, revision, progress, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc cref="Fetch"/>
    public static async Task<HubSnapshot> FetchAsync(string repoIdOrPreset, HubOptions? options = null, string revision = "main",
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Embedded(repoIdOrPreset) is { } shipped)
            return shipped;
        options ??= HubOptions.FromEnvironment();
        string repoId = ResolveRepoId(repoIdOrPreset);
        ValidateRevision(revision);
        var cache = new HubCache(options.CacheDir, repoId);

        HubSnapshot? cached = TryGetCached(cache, revision);
        if (cached is not null && (!options.Refresh || options.Offline))
            return cached;
        if (options.Offline)
            throw new HubException(
                $"{repoId}@{revision} is not in the hub cache {cache.RepoFolder} (config.json and weights) and offline mode is on " +
                "(HF_HUB_OFFLINE=1 or --offline): go online to download it, point HF_HUB_CACHE/HF_HOME at a cache that has it, " +
                "or copy the files here and run 'layerwise hub import <file-or-folder> --repo-id ID'" +
                PresetHint(repoId));

        var session = new HubSession(options, repoId, cache, progress);
        HubFileMetadata? config;
        try
        {
            config = await session.HeadAsync(revision, HubFiles.Config, cancellationToken);
        }
        catch (HubUnreachableException) when (cached is not null)
        {
            return cached; // as huggingface_hub: no connection, use what the cache has
        }
        catch (HubUnreachableException e)
        {
            throw new HubDownloadException(
                $"{repoId}@{revision}: cannot reach {options.Endpoint} ({e.Message}) and the cache {cache.RepoFolder} has no complete copy " +
                "(set HF_ENDPOINT for a mirror; HF_HUB_OFFLINE=1 uses the cache only)", e);
        }
        if (config is null)
            throw new HubException(
                $"{repoId}@{revision}: no config.json on {options.Endpoint}; not a transformers model repo, or private/gated (set HF_TOKEN)" +
                PresetHint(repoId));

        // Every later file is asked for at this commit, so all land in one snapshot even if the branch moves meanwhile.
        string commit = config.Commit;
        cache.WriteRef(revision, commit);
        try
        {
            await session.EnsureAsync(commit, HubFiles.Config, config, cancellationToken);
            await EnsureOptionalAsync(session, cache, commit, HubFiles.PreprocessorConfig, cancellationToken);

            if (!await EnsureOptionalAsync(session, cache, commit, HubFiles.Safetensors, cancellationToken))
            {
                if (await EnsureOptionalAsync(session, cache, commit, HubFiles.SafetensorsIndex, cancellationToken))
                {
                    IReadOnlyList<string> shards;
                    try { shards = HubCache.ReadShardNames(cache.PointerPath(commit, HubFiles.SafetensorsIndex)); }
                    catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{repoId}: {HubFiles.SafetensorsIndex}: {e.Message}", e); }
                    foreach (string shard in shards)
                        if (!await EnsureOptionalAsync(session, cache, commit, shard, cancellationToken))
                            throw new HubException($"{repoId}@{commit}: {HubFiles.SafetensorsIndex} names shard {shard}, which the repo does not have");
                }
                else if (!await EnsureOptionalAsync(session, cache, commit, HubFiles.PytorchBin, cancellationToken))
                    throw new HubException(
                        $"{repoId}@{revision}: no weights in the repo (tried {HubFiles.Safetensors}, {HubFiles.SafetensorsIndex}, {HubFiles.PytorchBin})");
            }
        }
        catch (HubUnreachableException e)
        {
            throw new HubDownloadException($"{repoId}@{revision}: lost the connection to {options.Endpoint} ({e.Message}); run again to continue", e);
        }

        return cache.TryGetSnapshot(commit)
            ?? throw new InvalidOperationException($"{repoId}@{commit}: snapshot incomplete after download");
    }

    /// <summary>The complete cached snapshot of <paramref name="repoIdOrPreset"/> at <paramref name="revision"/>
    /// (a branch/tag resolved through refs/, or a commit hash), or null; never touches the network.</summary>
    public static HubSnapshot? TryGetCached(string repoIdOrPreset, HubOptions? options = null, string revision = "main")
    {
        if (Embedded(repoIdOrPreset) is { } shipped)
            return shipped;
        options ??= HubOptions.FromEnvironment();
        ValidateRevision(revision);
        return TryGetCached(new HubCache(options.CacheDir, ResolveRepoId(repoIdOrPreset)), revision);
    }

    /// <summary>A preset short name or repo name ("wavlm-large", "hubert-base-ls960") → its repo id; a repo id
    /// ("org/name" or a bare legacy "name") is checked against the hub's naming rules and returned as is.</summary>
    public static string ResolveRepoId(string repoIdOrPreset)
    {
        ArgumentNullException.ThrowIfNull(repoIdOrPreset);
        if (HubPreset.Find(repoIdOrPreset) is { } preset)
            return preset.RepoId;
        if (!RepoIdPattern().IsMatch(repoIdOrPreset) || repoIdOrPreset.Contains("--") || repoIdOrPreset.Contains(".."))
            throw new HubException(
                $"'{repoIdOrPreset}' is neither a preset ({string.Join(", ", HubPreset.All.Select(p => p.Name))}) nor a hub repo id like facebook/wav2vec2-base");
        return repoIdOrPreset;
    }

    /// <summary>A model shipped with the library (<see cref="Models.Ssl.EmbeddedModels"/>) as a snapshot, or null: no cache, no network.</summary>
    static HubSnapshot? Embedded(string id) => Models.Ssl.EmbeddedModels.Find(id) is { } folder
        ? new HubSnapshot(Models.Ssl.EmbeddedModels.PretrainedDemo, "embedded", folder, WeightsFormat.Safetensors, [HubFiles.Safetensors],
            File.Exists(Path.Combine(folder, HubFiles.PreprocessorConfig)))
        : null;

    internal static string PresetHint(string repoId) =>
        repoId.Contains('/') ? "" : $"; presets: {string.Join(", ", HubPreset.All.Select(p => p.Name))}";

    static HubSnapshot? TryGetCached(HubCache cache, string revision)
    {
        string? commit = HubCache.IsCommitHash(revision) ? revision : cache.ReadRef(revision);
        return commit is null ? null : cache.TryGetSnapshot(commit);
    }

    /// <summary>Links <paramref name="file"/> into the snapshot when the repo has it; false when it does not.</summary>
    static async Task<bool> EnsureOptionalAsync(HubSession session, HubCache cache, string commit, string file, CancellationToken ct)
    {
        if (File.Exists(cache.PointerPath(commit, file)))
            return true;
        if (cache.IsKnownMissing(commit, file))
            return false;
        var meta = await session.HeadAsync(commit, file, ct);
        if (meta is null)
        {
            cache.MarkMissing(commit, file);
            return false;
        }
        await session.EnsureAsync(commit, file, meta, ct);
        return true;
    }

    internal static void ValidateRevision(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (!HubCache.IsSafeRelativePath(revision))
            throw new HubException($"'{revision}' is not a usable revision (a branch, tag or commit hash)");
    }

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex RepoIdPattern();
}
