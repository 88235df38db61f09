using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>What loading a checkpoint found: the files read and the checkpoint tensors the model did not use.</summary>
public sealed record CheckpointLoadReport(IReadOnlyList<string> Files, IReadOnlyList<string> UnusedKeys, string UnusedSummary);

/// <summary>
/// Loads a Hugging Face checkpoint into an <see cref="SslModel"/> by parameter name, strictly: every
/// parameter of the (possibly truncated) model must be present with its shape. Reads model.safetensors,
/// sharded safetensors (model.safetensors.index.json), pytorch_model.bin (and its sharded index). Keys lose
/// their wav2vec2./hubert./wavlm. prefix; the positional conv's weight norm (weight_g/weight_v or
/// parametrizations.weight.original0/1) is folded into one weight; any float dtype is converted.
/// Tensors of blocks above the truncation are not read from safetensors files at all.
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
        var files = LocateWeights(folder);
        var expected = model.state_dict();
        var needed = new HashSet<string>(expected.Keys, StringComparer.Ordinal);
        bool Wanted(string canonical) => needed.Contains(canonical) || WeightNormPart(canonical) is not null;

        var found = new Dictionary<string, (Tensor Tensor, string File)>(StringComparer.Ordinal);
        var unused = new List<string>();
        try
        {
            foreach (var file in files)
                ReadFile(file, Wanted, found, unused);

            // Fold the weight norm: w = g · v / ‖v‖ (norm over dims 0, 1, as torch's weight_norm with dim=2).
            const string posWeight = PosConv + "weight";
            if (needed.Contains(posWeight) && !found.ContainsKey(posWeight))
            {
                var g = found.FirstOrDefault(kv => WeightNormPart(kv.Key) == "g");
                var v = found.FirstOrDefault(kv => WeightNormPart(kv.Key) == "v");
                if (g.Key is null || v.Key is null)
                    throw new SslInputException(
                        $"{string.Join(", ", files)}: missing parameter '{posWeight}' (looked for weight_g/weight_v and parametrizations.weight.original0/1 too)");
                if (g.Value.Tensor.dim() != 3 || v.Value.Tensor.dim() != 3 || g.Value.Tensor.shape[2] != v.Value.Tensor.shape[2])
                    throw new SslInputException($"{v.Value.File}: positional conv weight norm tensors have shapes {Shape(g.Value.Tensor)} and {Shape(v.Value.Tensor)}, which do not fit (expected [1, 1, K] and [D, D/groups, K])");
                using (no_grad())
                    found[posWeight] = (PositionalConvEmbedding.WeightFromNorm(g.Value.Tensor.to(ScalarType.Float32), v.Value.Tensor.to(ScalarType.Float32)), v.Value.File);
            }

            using (no_grad())
            {
                foreach (var (name, target) in expected)
                {
                    if (!found.TryGetValue(name, out var source))
                        throw new SslInputException($"{string.Join(", ", files)}: missing parameter '{name}' (expected shape {Shape(target)})");
                    if (!source.Tensor.shape.SequenceEqual(target.shape))
                        throw new SslInputException($"{source.File}: parameter '{name}' has shape {Shape(source.Tensor)}, the model needs {Shape(target)}");
                    if (!source.Tensor.is_floating_point())
                        throw new SslInputException($"{source.File}: parameter '{name}' has dtype {source.Tensor.dtype}, expected a float type");
                    CheckpointValidation.RequireFinite(source.Tensor, name, source.File); // VALIDATION CALL SITE (issue 16)
                    target.copy_(source.Tensor.to(target.dtype));
                }
            }
        }
        finally
        {
            foreach (var (_, (t, _)) in found)
                t.Dispose();
        }
        unused.Sort(StringComparer.Ordinal);
        return new CheckpointLoadReport(files, unused, Summarise(unused, model.NumLayers));
    }

    static void ReadFile(string file, Func<string, bool> wanted, Dictionary<string, (Tensor, string)> found, List<string> unused)
    {
        IDictionary raw;
        if (file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var header = SafetensorsHeader.Read(file);
            var keep = new List<string>();
            foreach (var key in header.Keys)
            {
                if (wanted(Canonical(key)))
                    keep.Add(key);
                else
                    unused.Add(Canonical(key));
            }
            raw = Guard(file, () => Safetensors.LoadStateDict(file, keep));
        }
        else
        {
            raw = Guard(file, () => PyTorchUnpickler.UnpickleStateDict(file));
        }
        foreach (DictionaryEntry entry in raw)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                continue;
            string canonical = Canonical(key);
            if (wanted(canonical) && !found.ContainsKey(canonical))
                found[canonical] = (tensor, file);
            else
            {
                if (!file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                    unused.Add(canonical);
                tensor.Dispose();
            }
        }
    }

    static T Guard<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SslInputException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SslInputException($"{file}: cannot read the weights ({e.GetType().Name}: {e.Message})", e);
        }
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
