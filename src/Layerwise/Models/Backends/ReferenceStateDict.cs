using System.Collections;
using System.Text.Json;
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
                    $"{path}: does not fit the {Backends.Name(backend.Kind)} back-end with C = {backend.FeatureDim}, n = {backend.NumLayers}; {string.Join("; ", parts)}");
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

    /// <summary>Minimal safetensors reader: 8-byte little-endian header length, JSON header, raw little-endian data.</summary>
    static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        if (stream.Length < 8)
            throw new BackendStateDictException($"{path}: too short for a safetensors file ({stream.Length} bytes)");
        ulong headerLength = reader.ReadUInt64();
        if (headerLength > (ulong)(stream.Length - 8) || headerLength > int.MaxValue)
            throw new BackendStateDictException($"{path}: safetensors header length {headerLength} exceeds the file size ({stream.Length} bytes)");
        long dataStart = 8 + (long)headerLength;
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(reader.ReadBytes((int)headerLength));
        }
        catch (JsonException e)
        {
            throw new BackendStateDictException($"{path}: safetensors header at offset 8 is not valid JSON: {e.Message}", e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (header)
        {
            foreach (var entry in header.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                    continue;
                try
                {
                    string dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
                    long[] shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                    long[] offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                    var scalar = dtype switch
                    {
                        "F32" => ScalarType.Float32,
                        "F16" => ScalarType.Float16,
                        "BF16" => ScalarType.BFloat16,
                        "F64" => ScalarType.Float64,
                        "I64" => ScalarType.Int64,
                        "I32" => ScalarType.Int32,
                        _ => throw new BackendStateDictException($"{path}: tensor '{entry.Name}' has unsupported dtype {dtype}"),
                    };
                    long length = offsets[1] - offsets[0];
                    if (offsets.Length != 2 || offsets[0] < 0 || length < 0 || dataStart + offsets[1] > stream.Length)
                        throw new BackendStateDictException($"{path}: tensor '{entry.Name}' data offsets [{string.Join(", ", offsets)}] lie outside the file");
                    var tensor = empty(shape, scalar);
                    if (length != tensor.NumberOfElements * tensor.ElementSize)
                    {
                        tensor.Dispose();
                        throw new BackendStateDictException($"{path}: tensor '{entry.Name}' has {length} bytes for shape [{string.Join(", ", shape)}] {dtype}");
                    }
                    stream.Position = dataStart + offsets[0];
                    tensor.bytes = reader.ReadBytes((int)length);
                    result[entry.Name] = tensor;
                }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    foreach (var t in result.Values)
                        t.Dispose();
                    throw new BackendStateDictException($"{path}: malformed safetensors header entry '{entry.Name}': {e.Message}", e);
                }
            }
        }
        return result;
    }
}
