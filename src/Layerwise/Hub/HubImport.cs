using System.Security.Cryptography;
using System.Text;
using Layerwise.IO;
using Layerwise.Models.Ssl;

namespace Layerwise.Hub;

/// <summary>
/// Puts a checkpoint copied by hand (an air-gapped machine: USB disk, scp) into the Hugging Face cache layout, so that
/// the CLI and notebooks find it by repo id offline, exactly as if <c>hub download</c> had fetched it. The source is a
/// Hugging Face model folder (config.json, preprocessor_config.json when present, and the weights the loader reads) or
/// a fairseq/unilm .pt (a file, or a folder holding one). Each file becomes blobs/{sha256} (copied through a
/// temporary name, so an interrupted import leaves no partial blob) linked from snapshots/{commit}/{name}; refs/{revision}
/// points at the commit. Without a real commit hash the commit is derived from the files' names and hashes, so
/// importing the same files again gives the same snapshot.
/// </summary>
public static class HubImport
{
    /// <summary>Imports <paramref name="source"/> as <paramref name="repoIdOrPreset"/>@<paramref name="revision"/>; returns the snapshot.</summary>
    public static HubSnapshot Import(string source, string repoIdOrPreset, string revision = "main", HubOptions? options = null)
    {
        options ??= HubOptions.FromEnvironment();
        string repoId = ModelHub.ResolveRepoId(repoIdOrPreset);
        ModelHub.ValidateRevision(revision);
        var files = FilesOf(source);
        var cache = new HubCache(options.CacheDir, repoId);

        var hashed = files.Select(f => (f.Path, f.Name, Sha256: Sha256Of(f.Path))).ToList();
        string commit = HubCache.IsCommitHash(revision) ? revision : DerivedCommit(hashed.Select(h => (h.Name, h.Sha256)));
        foreach (var (path, name, sha) in hashed)
        {
            string blob = cache.BlobPath(sha);
            if (!File.Exists(blob))
                AtomicFile.Write(blob, temp => File.Copy(path, temp), keepExtension: false); // content-addressed: any writer's copy is the same
            cache.Link(commit, name, sha);
        }
        cache.WriteRef(revision, commit);
        return cache.TryGetSnapshot(commit)
            ?? throw new InvalidOperationException($"{repoId}@{commit}: snapshot incomplete after import");
    }

    /// <summary>The files to import and their names in the repo; checks the checkpoint is one the loader reads (its config, no tensor data).</summary>
    static List<(string Path, string Name)> FilesOf(string source)
    {
        if (SslModels.OriginalFile(source) is { } pt)
        {
            SslModels.ReadOriginalConfig(pt); // a .pt we cannot load (or one that would run code) is refused here
            return [(pt, Path.GetFileName(pt))];
        }
        if (!Directory.Exists(source))
            throw new HubException($"{source}: no such file or folder");
        string config = Path.Combine(source, HubFiles.Config);
        SslConfig.FromFile(config);
        var files = new List<(string, string)> { (config, HubFiles.Config) };
        string pre = Path.Combine(source, HubFiles.PreprocessorConfig);
        if (File.Exists(pre))
            files.Add((pre, HubFiles.PreprocessorConfig));
        var weights = CheckpointLoader.LocateWeights(source); // the files the loader would read, in its order of preference
        bool Has(string name) => File.Exists(Path.Combine(source, name));
        string? index = Has(HubFiles.Safetensors) ? null
            : Has(HubFiles.SafetensorsIndex) ? HubFiles.SafetensorsIndex
            : !Has(HubFiles.PytorchBin) && Has("pytorch_model.bin.index.json") ? "pytorch_model.bin.index.json" : null;
        if (index is not null)
            files.Add((Path.Combine(source, index), index));
        foreach (var w in weights)
            files.Add((w, Path.GetRelativePath(source, w).Replace(Path.DirectorySeparatorChar, '/')));
        return files;
    }

    static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A 40-hex "commit" from the imported files: SHA-1 over their sorted names and SHA-256s.</summary>
    static string DerivedCommit(IEnumerable<(string Name, string Sha256)> files)
    {
        var text = new StringBuilder("layerwise hub import\n");
        foreach (var (name, sha) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            text.Append(name).Append(' ').Append(sha).Append('\n');
#pragma warning disable CA5350 // SHA-1 only names the snapshot (like git), it protects nothing
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString())));
#pragma warning restore CA5350
    }
}
