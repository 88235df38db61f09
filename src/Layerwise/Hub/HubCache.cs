using System.Text.Json;
using System.Text.RegularExpressions;
using Layerwise.IO;

namespace Layerwise.Hub;

/// <summary>
/// One repo's folder in the Hugging Face hub cache, laid out exactly as Python's huggingface_hub writes it:
/// <code>
/// {cache}/models--{org}--{name}/
///   blobs/{etag}                       file contents (etag = sha256 for LFS files, git blob sha1 otherwise)
///   snapshots/{commit}/{file}          relative symlink to ../../blobs/{etag}
///   refs/{revision}                    the commit hash the branch/tag pointed to (no trailing newline)
///   .no_exist/{commit}/{file}          empty marker: the file is known not to exist at that commit
/// {cache}/.locks/models--{org}--{name}/{etag}.lock
/// </code>
/// </summary>
public sealed partial class HubCache
{
    public HubCache(string cacheDir, string repoId)
    {
        CacheDir = Path.GetFullPath(cacheDir);
        RepoId = repoId;
        RepoFolder = Path.Combine(CacheDir, RepoFolderName(repoId));
    }

    public string CacheDir { get; }
    public string RepoId { get; }
    /// <summary>{cache}/models--org--name</summary>
    public string RepoFolder { get; }

    /// <summary>"facebook/wav2vec2-base" → "models--facebook--wav2vec2-base" (huggingface_hub's repo_folder_name).</summary>
    public static string RepoFolderName(string repoId) => "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>True for a full 40-character lowercase hex commit hash.</summary>
    public static bool IsCommitHash(string revision) => CommitHash().IsMatch(revision);

    public string BlobPath(string etag) => Path.Combine(RepoFolder, "blobs", etag);

    public string SnapshotFolder(string commit) => Path.Combine(RepoFolder, "snapshots", commit);

    public string PointerPath(string commit, string file) => Path.Combine(SnapshotFolder(commit), Local(file));

    public string LockPath(string etag) => Path.Combine(CacheDir, ".locks", RepoFolderName(RepoId), etag + ".lock");

    /// <summary>The commit hash cached for a branch or tag, or null.</summary>
    public string? ReadRef(string revision)
    {
        string path = Path.Combine(RepoFolder, "refs", Local(revision));
        if (!File.Exists(path))
            return null;
        string commit = File.ReadAllText(path).Trim();
        return commit.Length > 0 && IsSafeName(commit) ? commit : null;
    }

    /// <summary>Records revision → commit (nothing to do when the revision is the commit itself), atomically.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit || ReadRef(revision) == commit)
            return;
        string path = Path.Combine(RepoFolder, "refs", Local(revision));
        AtomicFile.WriteAllText(path, commit);
    }

    public bool IsKnownMissing(string commit, string file) =>
        File.Exists(Path.Combine(RepoFolder, ".no_exist", commit, Local(file)));

    public void MarkMissing(string commit, string file)
    {
        string path = Path.Combine(RepoFolder, ".no_exist", commit, Local(file));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    /// <summary>snapshots/{commit}/{file} → blobs/{etag} as a relative symlink (a copy where symlinks fail).</summary>
    public void Link(string commit, string file, string etag)
    {
        string pointer = PointerPath(commit, file);
        string blob = BlobPath(etag);
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        if (File.Exists(pointer) || new FileInfo(pointer).LinkTarget is not null)
            File.Delete(pointer);
        try
        {
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(Path.GetDirectoryName(pointer)!, blob));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Windows without developer mode: huggingface_hub falls back to a copy too.
            File.Copy(blob, pointer, overwrite: true);
        }
    }

    /// <summary>
    /// The snapshot for <paramref name="commit"/> when it holds config.json and a complete set of weights
    /// (model.safetensors; else the index and every shard it names; else pytorch_model.bin), or no config.json and
    /// exactly one .pt research checkpoint; null otherwise.
    /// </summary>
    public HubSnapshot? TryGetSnapshot(string commit)
    {
        string folder = SnapshotFolder(commit);
        bool Has(string file) => File.Exists(Path.Combine(folder, Local(file)));
        if (!Has(HubFiles.Config))
        {
            // An imported research checkpoint: one .pt, its architecture inside.
            var pts = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.pt") : [];
            return pts.Length == 1
                ? new HubSnapshot(RepoId, commit, folder, WeightsFormat.OriginalCheckpoint, [Path.GetFileName(pts[0])], false)
                : null;
        }

        (WeightsFormat, IReadOnlyList<string>)? weights = null;
        if (Has(HubFiles.Safetensors))
            weights = (WeightsFormat.Safetensors, [HubFiles.Safetensors]);
        else if (Has(HubFiles.SafetensorsIndex))
        {
            IReadOnlyList<string>? shards = null;
            try { shards = ReadShardNames(Path.Combine(folder, HubFiles.SafetensorsIndex)); }
            catch (Exception e) when (e is JsonException or IOException or InvalidDataException) { }
            if (shards is not null && shards.All(Has))
                weights = (WeightsFormat.ShardedSafetensors, [HubFiles.SafetensorsIndex, .. shards]);
        }
        if (weights is null && Has(HubFiles.PytorchBin))
            weights = (WeightsFormat.PytorchBin, [HubFiles.PytorchBin]);
        if (weights is not { } w)
            return null;
        return new HubSnapshot(RepoId, commit, folder, w.Item1, w.Item2, Has(HubFiles.PreprocessorConfig));
    }

    /// <summary>The distinct shard files named by a model.safetensors.index.json weight_map, sorted.</summary>
    public static IReadOnlyList<string> ReadShardNames(string indexPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        if (!doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{indexPath}: no \"weight_map\" object");
        var shards = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            string? shard = entry.Value.GetString();
            if (shard is null || !IsSafeRelativePath(shard))
                throw new InvalidDataException($"{indexPath}: weight_map[\"{entry.Name}\"] is not a file name inside the repo");
            shards.Add(shard);
        }
        if (shards.Count == 0)
            throw new InvalidDataException($"{indexPath}: empty weight_map");
        return [.. shards];
    }

    /// <summary>A name usable as one path component (etag, commit): no separators, no dot-only names.</summary>
    internal static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 255 && SafeName().IsMatch(name) && name.Trim('.').Length > 0;

    /// <summary>A repo-relative path with '/' separators and no empty, '.' or '..' segment.</summary>
    internal static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !path.Contains('\\') && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    static string Local(string repoPath) => Path.Combine(repoPath.Split('/'));

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();

    [GeneratedRegex("^[A-Za-z0-9._+=-]+$")]
    private static partial Regex SafeName();
}
