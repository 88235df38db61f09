using System.Collections;
using Layerwise.Models.Ssl;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>Reads the paper's back-end state dicts (.safetensors or torch.save zip) and loads them by name.</summary>
internal static class ReferenceStateDict
{
    const string NumBatchesTracked = "num_batches_tracked";

    /// <summary>Kind, C and n of the back-end a reference state dict was saved from.</summary>
    public static (BackendKind Kind, int FeatureDim, int NumLayers) Describe(string path)
    {
        var tensors = Read(path);
        try
        {
            BackendKind kind = tensors.ContainsKey("GAT_layer_S.att_weight") ? BackendKind.Aasist
                : tensors.ContainsKey("attention_block.v") ? BackendKind.Ffn
                : throw new BackendStateDictException(
                    $"{path}: not a state dict of the paper's back-ends (neither GAT_layer_S.att_weight nor attention_block.v present)");
            if (!tensors.TryGetValue("LL.weight", out var ll) || ll.dim() != 2)
                throw new BackendStateDictException($"{path}: key LL.weight missing or not a matrix");
            if (!tensors.TryGetValue("weight_hidd", out var w) || w.dim() != 1)
                throw new BackendStateDictException($"{path}: key weight_hidd missing or not a vector");
            return (kind, checked((int)ll.shape[1]), checked((int)w.shape[0]));
        }
        finally
        {
            foreach (var t in tensors.Values)
                t.Dispose();
        }
    }

    public static void LoadInto(LayerwiseBackend backend, string path)
    {
        var source = Read(path);
        try
        {
            var target = backend.state_dict();
            var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
            var missing = target.Keys.Where(k => !source.ContainsKey(k) && !k.EndsWith(NumBatchesTracked, StringComparison.Ordinal)).ToList();
            var mismatched = source.Where(kv => target.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
                .Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}] vs model [{string.Join(", ", target[kv.Key].shape)}]")
                .ToList();
            if (unexpected.Count + missing.Count + mismatched.Count > 0)
            {
                var parts = new List<string>();
                if (mismatched.Count > 0) parts.Add($"shape mismatch: {Summarise(mismatched)}");
                if (missing.Count > 0) parts.Add($"missing keys: {Summarise(missing)}");
                if (unexpected.Count > 0) parts.Add($"unexpected keys: {Summarise(unexpected)}");
                throw new BackendStateDictException(
                    $"{path}: does not fit the {BackendCatalog.Name(backend.Kind)} back-end with C = {backend.FeatureDim}, n = {backend.NumLayers}; {string.Join("; ", parts)}");
            }
            using (no_grad())
            {
                foreach (var (key, value) in source)
                    target[key].copy_(value);
            }
        }
        finally
        {
            foreach (var t in source.Values)
                t.Dispose();
        }
    }

    static string Summarise(List<string> items) =>
        items.Count <= 6 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(6))} and {items.Count - 6} more";

    /// <summary>All tensors of the file, minus the SSL front-end's (`ssl.*`) and a DataParallel `module.` prefix.</summary>
    internal static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"back-end state dict not found: {path}", path);
        var raw = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? ReadSafetensors(path) : ReadTorchSave(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in raw)
        {
            string key = name.StartsWith("module.", StringComparison.Ordinal) ? name["module.".Length..] : name;
            if (key.StartsWith("ssl.", StringComparison.Ordinal))
            {
                tensor.Dispose();
                continue;
            }
            result[key] = tensor;
        }
        return result;
    }

    static Dictionary<string, Tensor> ReadTorchSave(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
        {
            throw new BackendStateDictException(
                $"{path}: not a torch.save state dict (zip format, saved with torch.save(model.state_dict())): {e.Message}", e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                throw new BackendStateDictException($"{path}: entry '{entry.Key}' is not a tensor; expected a flat state dict");
            result[key] = tensor;
        }
        return result;
    }

    /// <summary>The dtypes a back-end state dict may hold (floating weights, integer counters); others are refused.</summary>
    static readonly HashSet<ScalarType> StateDictTypes =
        [ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float64, ScalarType.Int64, ScalarType.Int32];

    /// <summary>Every tensor of a .safetensors file; the header is parsed and checked by the SSL loader's parser.</summary>
    static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        Dictionary<string, SafetensorsHeader.Entry> header;
        try
        {
            header = SafetensorsHeader.Read(path);
        }
        catch (SslInputException e)
        {
            throw new BackendStateDictException(e.Message, e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            foreach (var (name, entry) in header)
            {
                var scalar = SafetensorsHeader.ScalarTypeOf(entry.DType) is { } type && StateDictTypes.Contains(type)
                    ? type
                    : throw new BackendStateDictException($"{path}: tensor '{name}' has unsupported dtype {entry.DType}");
                var bytes = new byte[entry.End - entry.Begin]; // the header parser checked the range against shape and dtype
                stream.Position = entry.Begin;
                stream.ReadExactly(bytes);
                var tensor = empty(entry.Shape, scalar);
                tensor.bytes = bytes;
                result[name] = tensor;
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values)
                t.Dispose();
            throw;
        }
    }
}
