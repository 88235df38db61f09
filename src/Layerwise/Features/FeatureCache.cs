using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp;
using Layerwise.IO;

namespace Layerwise.Features;

/// <summary>
/// On-disk store of frozen-SSL hidden states for one <see cref="FeatureCacheKey"/>:
/// <c>root/&lt;key folder&gt;/manifest.json</c> plus one self-checking file per utterance under
/// <c>datasets/&lt;dataset&gt;/&lt;2 hex&gt;/&lt;utt id&gt;.lwf</c>. Entries are written atomically (temporary file +
/// rename), so an interrupted extraction leaves only whole entries, and any number of processes
/// (shards) may fill one folder concurrently.
/// </summary>
public sealed class FeatureCache
{
    const string ManifestName = "manifest.json";
    const string EntryExtension = ".lwf";
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    FeatureCache(string folder, FeatureCacheManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
    }

    public string Folder { get; }
    public FeatureCacheManifest Manifest { get; }
    public FeatureCacheKey Key => Manifest.Key;
    public int HiddenSize => Manifest.HiddenSize;

    /// <summary>Layers 1..MaxLayers can be served.</summary>
    public int MaxLayers => Key.Layers;

    /// <summary>Layers physically stored per entry (MaxLayers, +1 with hidden_0).</summary>
    public int StoredLayers => Key.Layers + (Key.IncludeHidden0 ? 1 : 0);

    /// <summary>Opens the key's folder under <paramref name="root"/>, creating it (and its manifest) if absent.</summary>
    public static FeatureCache OpenOrCreate(string root, FeatureCacheKey key, int hiddenSize)
    {
        if (key.Layers <= 0)
            throw new ArgumentException($"a cache needs at least one layer (got {key.Layers})");
        var folder = Path.Combine(root, key.FolderName());
        var manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath))
        {
            Directory.CreateDirectory(folder);
            var manifest = new FeatureCacheManifest(FeatureCacheManifest.CurrentFormat, key, key.Digest(), hiddenSize,
                "float16", "[layers, frames, hidden]; layers 1..L (hidden_0 first if stored)", "eval (dropout off), no gradients",
                DateTime.UtcNow);
            // Another shard may have created it meanwhile; the first manifest wins, both are equal.
            var json = JsonSerializer.Serialize(manifest, JsonOptions);
            AtomicFile.Write(manifestPath, tmp => File.WriteAllText(tmp, json), keepExtension: false, overwrite: false);
        }
        var cache = Open(folder);
        if (cache.Key != key || cache.HiddenSize != hiddenSize)
            throw new FeatureCacheException(manifestPath,
                $"manifest describes {cache.Key} (hidden {cache.HiddenSize}), expected {key} (hidden {hiddenSize})");
        return cache;
    }

    /// <summary>Opens an existing key folder (the one holding manifest.json).</summary>
    public static FeatureCache Open(string folder)
    {
        var manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath))
            throw new FeatureCacheException(folder, "no manifest.json: not a feature-cache folder");
        FeatureCacheManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<FeatureCacheManifest>(File.ReadAllText(manifestPath), JsonOptions); }
        catch (JsonException e) { throw new FeatureCacheException(manifestPath, $"unreadable manifest ({e.Message})"); }
        if (manifest is null || manifest.Format != FeatureCacheManifest.CurrentFormat || manifest.Key is null)
            throw new FeatureCacheException(manifestPath, $"unsupported manifest (expected format {FeatureCacheManifest.CurrentFormat})");
        if (manifest.Digest != manifest.Key.Digest())
            throw new FeatureCacheException(manifestPath, "digest does not match the key it records");
        return new FeatureCache(folder, manifest);
    }

    /// <summary>The file an entry lives in (whether or not it exists yet).</summary>
    public string EntryPath(string dataset, string uttId)
    {
        var bucket = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uttId)))[..2];
        return Path.Combine(Folder, "datasets", SafeName(dataset), bucket, SafeName(uttId) + EntryExtension);
    }

    public bool Contains(string dataset, string uttId) => File.Exists(EntryPath(dataset, uttId));

    /// <summary>Stores one utterance: <paramref name="values"/> is [StoredLayers, frames, HiddenSize] float32.</summary>
    public void Write(string dataset, string uttId, ReadOnlySpan<float> values, int frames) =>
        FeatureEntryFile.WriteAtomic(EntryPath(dataset, uttId), values, StoredLayers, frames, HiddenSize, Key.IncludeHidden0,
            Manifest.Digest, dataset, uttId);

    /// <summary>
    /// Stores one utterance from <paramref name="hidden"/> [StoredLayers, frames, HiddenSize] (float32, CPU), read in
    /// place: at 24 layers TorchSharp's element-wise <c>data&lt;float&gt;().ToArray()</c> took ~0.1 s per 4 s utterance.
    /// </summary>
    public void Write(string dataset, string uttId, torch.Tensor hidden)
    {
        if (hidden.dim() != 3 || hidden.shape[0] != StoredLayers || hidden.shape[2] != HiddenSize)
            throw new ArgumentException($"entry is [{string.Join(", ", hidden.shape)}], expected [{StoredLayers}, frames, {HiddenSize}]");
        if (hidden.dtype != torch.ScalarType.Float32 || hidden.device_type != DeviceType.CPU)
            throw new ArgumentException($"entry is {hidden.dtype} on {hidden.device}; float32 on the CPU expected");
        using var dense = hidden.is_contiguous() ? hidden.alias() : hidden.contiguous();
        int frames = (int)hidden.shape[1];
        if (dense.numel() * sizeof(float) > int.MaxValue) // beyond one span (24 layers of over 7 min of audio)
            Write(dataset, uttId, dense.data<float>().ToArray(), frames);
        else
            Write(dataset, uttId, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(dense.bytes), frames);
    }

    /// <summary>Layers 1..<paramref name="numLayers"/> of one utterance as [n, T, C] on the CPU: float32, or with
    /// <paramref name="dtype"/> float16 the stored values without conversion.</summary>
    public torch.Tensor Read(string dataset, string uttId, int numLayers, bool verifyHash = false,
        torch.ScalarType dtype = torch.ScalarType.Float32)
    {
        if (numLayers < 1 || numLayers > MaxLayers)
            throw new ArgumentException($"n_layers {numLayers} is outside 1..{MaxLayers} stored in {Folder}");
        var path = EntryPath(dataset, uttId);
        if (!File.Exists(path))
            throw new FeatureCacheException(path, $"no cached features for '{uttId}' of '{dataset}' (run `layerwise extract` first)");
        int first = Key.IncludeHidden0 ? 1 : 0;
        var (values, h) = FeatureEntryFile.Read(path, first, numLayers, verifyHash, Manifest.Digest, dataset, uttId, dtype);
        CheckLayout(path, h, values);
        return values;
    }

    /// <summary>hidden_0 (the transformer input) of one utterance, [T, C]; only if the key stores it.</summary>
    public torch.Tensor ReadHidden0(string dataset, string uttId)
    {
        if (!Key.IncludeHidden0)
            throw new InvalidOperationException($"{Folder} does not store hidden_0");
        var path = EntryPath(dataset, uttId);
        var (values, h) = FeatureEntryFile.Read(path, 0, 1, false, Manifest.Digest, dataset, uttId);
        using (values)
        {
            CheckLayout(path, h);
            return values[0];
        }
    }

    /// <summary>Throws (disposing <paramref name="values"/>) unless the entry has the manifest's layout.</summary>
    void CheckLayout(string path, FeatureEntryFile.Header h, torch.Tensor? values = null)
    {
        if (h.Layers == StoredLayers && h.Hidden == HiddenSize && h.Hidden0 == Key.IncludeHidden0)
            return;
        values?.Dispose();
        throw new FeatureCacheException(path, $"layout {h.Layers}x{h.Hidden} (hidden_0 {h.Hidden0}) differs from the manifest ({StoredLayers}x{HiddenSize})");
    }

    /// <summary>Every stored entry file (temporary files excluded).</summary>
    public IEnumerable<string> EntryFiles()
    {
        var datasets = Path.Combine(Folder, "datasets");
        return Directory.Exists(datasets)
            ? Directory.EnumerateFiles(datasets, "*" + EntryExtension, SearchOption.AllDirectories)
            : [];
    }

    public int Count(string dataset)
    {
        var dir = Path.Combine(Folder, "datasets", SafeName(dataset));
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*" + EntryExtension, SearchOption.AllDirectories).Count() : 0;
    }

    public long SizeOnDisk() => EntryFiles().Sum(f => new FileInfo(f).Length);

    /// <summary>Checks every entry's header, size, binding (to this key and to the utterance its path names), payload
    /// hash and layer hashes (and its layout against the manifest).
    /// With <paramref name="removeBad"/>, bad entries are deleted so the next extraction recomputes them.</summary>
    public FeatureCacheVerification Verify(bool removeBad = false)
    {
        int ok = 0;
        var bad = new List<string>();
        foreach (var file in EntryFiles().ToList())
        {
            try
            {
                var h = FeatureEntryFile.Verify(file, Manifest.Digest, EntryPath);
                CheckLayout(file, h);
                ok++;
            }
            catch (Exception e) when (e is FeatureCacheException or IOException)
            {
                bad.Add($"{file}: {e.Message}");
                if (removeBad)
                    File.Delete(file);
            }
        }
        return new FeatureCacheVerification(ok, bad);
    }

    /// <summary>Deletes temporary files left by killed writers. Only old ones: a live shard may be
    /// writing a fresh one right now.</summary>
    public int CleanTemporaryFiles(TimeSpan? olderThan = null)
    {
        var limit = DateTime.UtcNow - (olderThan ?? TimeSpan.FromMinutes(10));
        int removed = 0;
        var datasets = Path.Combine(Folder, "datasets");
        if (!Directory.Exists(datasets))
            return 0;
        foreach (var tmp in Directory.EnumerateFiles(datasets, AtomicFile.TempPattern, SearchOption.AllDirectories).ToList())
        {
            if (File.GetLastWriteTimeUtc(tmp) < limit)
            {
                File.Delete(tmp);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>Copies into this cache every entry of <paramref name="other"/> (same key) that is missing here,
    /// verifying each before copying: how shards extracted into separate folders become one cache.</summary>
    public FeatureCacheMerge MergeFrom(FeatureCache other)
    {
        if (other.Key != Key || other.HiddenSize != HiddenSize)
            throw new FeatureCacheException(other.Folder, $"cannot merge: key {other.Key} differs from {Key}");
        int copied = 0, present = 0;
        var bad = new List<string>();
        foreach (var file in other.EntryFiles())
        {
            var relative = Path.GetRelativePath(other.Folder, file);
            var target = Path.Combine(Folder, relative);
            if (File.Exists(target))
            {
                present++;
                continue;
            }
            try { FeatureEntryFile.Verify(file, other.Manifest.Digest, other.EntryPath); }
            catch (FeatureCacheException e) { bad.Add(e.Message); continue; }
            AtomicFile.Write(target, tmp => File.Copy(file, tmp), keepExtension: false);
            copied++;
        }
        return new FeatureCacheMerge(copied, present, bad);
    }

    /// <summary>File-system-safe form of an id; ids with other characters get a hash suffix to stay unique.</summary>
    public static string SafeName(string id)
    {
        bool safe = id.Length is > 0 and < 120 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && id[0] != '.';
        if (safe)
            return id;
        var cleaned = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(80).ToArray());
        return $"{cleaned}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12]}";
    }
}

/// <summary>Result of <see cref="FeatureCache.Verify"/>.</summary>
public sealed record FeatureCacheVerification(int Good, IReadOnlyList<string> Bad)
{
    public bool Ok => Bad.Count == 0;
}

/// <summary>Result of <see cref="FeatureCache.MergeFrom"/>.</summary>
public sealed record FeatureCacheMerge(int Copied, int AlreadyPresent, IReadOnlyList<string> Bad);
