using System.Text.Json;
using System.Text.RegularExpressions;
using Layerwise.Models.Ssl.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>What loading a checkpoint found: the files read and the checkpoint tensors the model did not use.</summary>
public sealed record CheckpointLoadReport(IReadOnlyList<string> Files, IReadOnlyList<string> UnusedKeys, string UnusedSummary);

/// <summary>
/// Loads a checkpoint into an <see cref="SslModel"/> by parameter name, strictly: every parameter of the
/// (possibly truncated) model must be present with its shape. Hugging Face folders: model.safetensors,
/// sharded safetensors (model.safetensors.index.json), pytorch_model.bin (and its sharded index), keys without
/// their wav2vec2./hubert./wavlm. prefix; fairseq/unilm .pt files through <see cref="CheckpointIndex.FromOriginal"/>.
/// The positional conv's weight norm (weight_g/weight_v or parametrizations.weight.original0/1) is folded into
/// one weight; any float dtype is converted. Tensors of blocks above the truncation are never read, in any format.
/// </summary>
internal static partial class CheckpointLoader
{
    const string PosConv = "encoder.pos_conv_embed.conv.";
    static readonly string[] Prefixes = ["wav2vec2.", "hubert.", "wavlm."];

    /// <summary>The weight files of a model folder, in reading order.</summary>
    public static IReadOnlyList<string> LocateWeights(string folder)
    {
        string single = Path.Combine(folder, "model.safetensors");
        if (File.Exists(single))
            return [single];
        string index = Path.Combine(folder, "model.safetensors.index.json");
        if (File.Exists(index))
            return ShardsOf(index);
        string bin = Path.Combine(folder, "pytorch_model.bin");
        if (File.Exists(bin))
            return [bin];
        string binIndex = Path.Combine(folder, "pytorch_model.bin.index.json");
        if (File.Exists(binIndex))
            return ShardsOf(binIndex);
        throw new SslInputException($"{folder}: no weights file (expected model.safetensors, model.safetensors.index.json or pytorch_model.bin)");
    }

    static List<string> ShardsOf(string indexPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(indexPath));
            var map = doc.RootElement.GetProperty("weight_map");
            var files = map.EnumerateObject().Select(p => p.Value.GetString() ?? "").Distinct().ToList();
            if (files.Count == 0 || files.Any(f => f.Length == 0 || f.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(f)))
                throw new SslInputException($"{indexPath}: weight_map is empty or names a file outside the folder");
            var dir = Path.GetDirectoryName(indexPath)!;
            var paths = files.Select(f => Path.Combine(dir, f)).ToList();
            foreach (var p in paths.Where(p => !File.Exists(p)))
                throw new SslInputException($"{indexPath}: shard {Path.GetFileName(p)} is missing");
            return paths;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SslInputException($"{indexPath}: not a valid shard index ({e.Message})", e);
        }
    }

    /// <summary>The checkpoint key without the model-type prefix.</summary>
    public static string Canonical(string key)
    {
        foreach (var p in Prefixes)
            if (key.StartsWith(p, StringComparison.Ordinal))
                return key[p.Length..];
        return key;
    }

    /// <summary>Weight-norm spellings of the positional conv: which part ("g" or "v") a canonical key is, if any.</summary>
    static string? WeightNormPart(string canonical) => canonical switch
    {
        PosConv + "weight_g" or PosConv + "parametrizations.weight.original0" => "g",
        PosConv + "weight_v" or PosConv + "parametrizations.weight.original1" => "v",
        _ => null,
    };

    public static CheckpointLoadReport Load(SslModel model, string folder)
    {
        using var index = CheckpointIndex.FromFolder(folder);
        return Load(model, index);
    }

    /// <summary>
    /// Loads <paramref name="model"/> from <paramref name="index"/> in three steps: plan (names, shapes and dtypes
    /// only, nothing allocated: every check that needs no tensor data belongs there), read (only the planned
    /// tensors), copy (weight norm folded, dtype converted).
    /// </summary>
    public static CheckpointLoadReport Load(SslModel model, CheckpointIndex index)
    {
        var expected = model.state_dict();
        var plan = Plan(expected, index, out var unused);
        // Read and copy in batches of about ReadBatchBytes, so loading needs the model plus one batch, not twice the model.
        var batch = new List<string>();
        long bytes = 0;
        foreach (var name in expected.Keys)
        {
            batch.Add(name);
            bytes += plan[name].Sum(e => e.ByteCount);
            if (bytes >= ReadBatchBytes)
            {
                Copy(batch, expected, plan, index);
                batch.Clear();
                bytes = 0;
            }
        }
        Copy(batch, expected, plan, index);
        unused.Sort(StringComparer.Ordinal);
        return new CheckpointLoadReport(index.Files, unused, Summarise(unused, model.NumLayers));
    }

    const long ReadBatchBytes = 64L << 20;

    static void Copy(List<string> names, IDictionary<string, Tensor> expected, Dictionary<string, List<TensorEntry>> plan, CheckpointIndex index)
    {
        if (names.Count == 0)
            return;
        var read = index.Read(names.SelectMany(n => plan[n]).ToList());
        try
        {
            using (no_grad())
            {
                foreach (var name in names)
                {
                    var sources = plan[name];
                    foreach (var source in sources)
                        CheckpointValidation.RequireFinite(read[source], source.Name, source.File); // VALIDATION CALL SITE (issue 16)
                    if (sources.Count == 1)
                    {
                        expected[name].copy_(read[sources[0]]); // converts the dtype
                        continue;
                    }
                    // The positional conv's weight norm (g, v): w = g · v / ‖v‖ (norm over dims 0, 1, as weight_norm with dim=2).
                    using var weight = PositionalConvEmbedding.WeightFromNorm(read[sources[0]].to(ScalarType.Float32), read[sources[1]].to(ScalarType.Float32));
                    expected[name].copy_(weight);
                }
            }
        }
        finally
        {
            foreach (var t in read.Values)
                t.Dispose();
        }
    }

    /// <summary>
    /// For each model parameter, the checkpoint tensor(s) it is loaded from (two for a weight-normed positional conv: g, v);
    /// strict: a missing, mis-shaped or non-float tensor is an error naming it. <paramref name="unused"/>: the rest.
    /// </summary>
    static Dictionary<string, List<TensorEntry>> Plan(IDictionary<string, Tensor> expected, CheckpointIndex index, out List<string> unused)
    {
        var byName = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        unused = [.. index.Ignored];
        foreach (var e in index.Tensors)
        {
            if (!byName.TryAdd(e.Name, e))
                unused.Add(e.Name); // the same name twice (e.g. in two shards): the first one is used
        }
        string files = string.Join(", ", index.Files);
        var plan = new Dictionary<string, List<TensorEntry>>(StringComparer.Ordinal);
        foreach (var (name, target) in expected)
        {
            if (byName.TryGetValue(name, out var entry))
            {
                if (!entry.Shape.SequenceEqual(target.shape))
                    throw new SslInputException($"{entry.File}: parameter '{entry.Key}' has shape {entry.ShapeText}, the model needs {Shape(target)}");
                RequireFloat(entry);
                plan[name] = [entry];
                continue;
            }
            if (name != PosConv + "weight")
                throw new SslInputException($"{files}: missing parameter '{name}' (expected shape {Shape(target)})");
            var g = byName.Values.FirstOrDefault(e => WeightNormPart(e.Name) == "g");
            var v = byName.Values.FirstOrDefault(e => WeightNormPart(e.Name) == "v");
            if (g is null || v is null)
                throw new SslInputException($"{files}: missing parameter '{name}' (looked for weight_g/weight_v and parametrizations.weight.original0/1 too)");
            if (g.Shape.Length != 3 || !v.Shape.SequenceEqual(target.shape) || g.Shape[2] != v.Shape[2])
                throw new SslInputException($"{v.File}: positional conv weight norm tensors have shapes {g.ShapeText} and {v.ShapeText}, which do not fit (expected [1, 1, K] and {Shape(target)})");
            RequireFloat(g);
            RequireFloat(v);
            plan[name] = [g, v];
        }
        var used = new HashSet<TensorEntry>(plan.Values.SelectMany(p => p), ReferenceEqualityComparer.Instance);
        unused.AddRange(byName.Values.Where(e => !used.Contains(e)).Select(e => e.Name));
        return plan;
    }

    static void RequireFloat(TensorEntry e)
    {
        if (e.DType is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float64))
            throw new SslInputException($"{e.File}: parameter '{e.Key}' has dtype {e.DType}, expected a float type");
    }

    static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    /// <summary>One line: counts of unused tensors by top-level name; blocks above the truncation counted together.</summary>
    internal static string Summarise(IReadOnlyList<string> unused, int numLayers)
    {
        if (unused.Count == 0)
            return "all checkpoint tensors used";
        var truncated = new SortedSet<int>();
        int truncatedTensors = 0;
        var groups = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in unused)
        {
            var m = LayerKey().Match(key);
            if (m.Success && int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= numLayers)
            {
                truncated.Add(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                truncatedTensors++;
                continue;
            }
            int dot = key.IndexOf('.', StringComparison.Ordinal);
            string group = dot < 0 ? key : key[..dot] + ".*";
            groups[group] = groups.GetValueOrDefault(group) + 1;
        }
        var parts = groups.Select(kv => $"{kv.Key} ({kv.Value})").ToList();
        if (truncatedTensors > 0)
            parts.Add($"blocks {truncated.Min + 1}..{truncated.Max + 1} above the truncation ({truncatedTensors})");
        return $"{unused.Count} checkpoint tensors unused: " + string.Join(", ", parts);
    }

    [GeneratedRegex(@"^encoder\.layers\.(\d+)\.")]
    private static partial Regex LayerKey();
}
