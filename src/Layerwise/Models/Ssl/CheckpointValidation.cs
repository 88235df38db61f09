using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// The checkpoint half of the validation policy (ARCHITECTURE.md): nothing absurd reaches native code and no
/// non-finite weight is loaded. <see cref="BeforeBuild"/> runs before a single block is allocated: sizes within
/// bounds, a memory estimate against the memory this process may use, and (for safetensors, from the headers only)
/// the config against the checkpoint's tensors (layer count, attention and feed-forward shapes).
/// <see cref="CheckExtent"/> holds every safetensors header entry to its byte range; <see cref="RequireFinite"/>
/// rejects NaN/Inf weights as they are copied in.
/// </summary>
internal static partial class CheckpointValidation
{
    /// <summary>Bounds far above every published SSL model (XLS-R 2B: 48 layers × 1920, feed-forward 7680).</summary>
    public const int MaxHiddenSize = 16_384, MaxIntermediateSize = 65_536, MaxLayers = 1_024, MaxConvDim = 16_384;

    /// <summary>Throws <see cref="SslInputException"/> naming <paramref name="configPath"/> if the model of
    /// <paramref name="numLayers"/> blocks is out of bounds, would not fit in memory, or does not fit the weights.</summary>
    public static void BeforeBuild(SslConfig config, int numLayers, string configPath, IReadOnlyList<string>? weightFiles)
    {
        void Fail(string what) => throw new SslInputException($"{configPath}: {what}");
        if (config.HiddenSize > MaxHiddenSize)
            Fail($"hidden_size {config.HiddenSize} is above the bound of {MaxHiddenSize}");
        if (config.IntermediateSize > MaxIntermediateSize)
            Fail($"intermediate_size {config.IntermediateSize} is above the bound of {MaxIntermediateSize}");
        if (config.NumHiddenLayers > MaxLayers)
            Fail($"num_hidden_layers {config.NumHiddenLayers} is above the bound of {MaxLayers}");
        if (config.ConvDim.Any(d => d > MaxConvDim) || config.ConvKernel.Any(k => k > 1024) || config.NumConvPosEmbeddings > 1024
            || config.NumBuckets > 100_000)
            Fail("conv_dim, conv_kernel, num_conv_pos_embeddings or num_buckets is out of bounds");

        double bytes = 4.0 * SslModels.ParameterCount(config, numLayers);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > available * 0.8)
            Fail($"building {numLayers} of {config.NumHiddenLayers} layers (hidden {config.HiddenSize}) needs ~{bytes / (1 << 30):0.#} GiB " +
                 $"for the weights alone; this process may use {available / (double)(1 << 30):0.#} GiB");

        if (weightFiles is null || weightFiles.Count == 0 || !weightFiles.All(f => f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)))
            return; // pickled weights: shapes are known only after unpickling, where CheckpointLoader compares them
        var shapes = new Dictionary<string, (long[] Shape, string File)>(StringComparer.Ordinal);
        foreach (var file in weightFiles)
            foreach (var (key, entry) in SafetensorsHeader.Read(file))
                shapes.TryAdd(CheckpointLoader.Canonical(key), (entry.Shape, file));
        int stored = shapes.Keys.Select(k => LayerKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (numLayers > stored)
            Fail($"{numLayers} transformer blocks are to be built (num_hidden_layers {config.NumHiddenLayers}), but the weights hold {stored} " +
                 $"({string.Join(", ", weightFiles.Select(Path.GetFileName))}); pass --layers ≤ {stored} or fix config.json");
        if (numLayers == 0)
            return;
        long h = config.HiddenSize, ff = config.IntermediateSize;
        Expect("encoder.layers.0.attention.q_proj.weight", [h, h]);
        Expect("encoder.layers.0.feed_forward.intermediate_dense.weight", [ff, h]);

        void Expect(string key, long[] want)
        {
            if (shapes.TryGetValue(key, out var got) && !got.Shape.SequenceEqual(want))
                Fail($"hidden_size {h} / intermediate_size {ff} do not fit the weights: {Path.GetFileName(got.File)} has '{key}' of shape " +
                     $"[{string.Join(", ", got.Shape)}], the config implies [{string.Join(", ", want)}]");
        }
    }

    /// <summary>One safetensors header entry: known dtype, non-negative shape whose byte size (overflow-safe) equals its data range.</summary>
    public static void CheckExtent(string path, string name, string dtype, long[] shape, long begin, long end)
    {
        int width = dtype switch
        {
            "F64" or "I64" or "U64" => 8,
            "F32" or "I32" or "U32" => 4,
            "F16" or "BF16" or "I16" or "U16" => 2,
            "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
            _ => throw new SslInputException($"{path}: tensor '{name}' has unknown dtype '{dtype}'"),
        };
        double elements = 1;
        foreach (long d in shape)
        {
            if (d < 0)
                throw new SslInputException($"{path}: tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
            elements *= d;
        }
        if (elements * width != end - begin)
            throw new SslInputException(
                $"{path}: tensor '{name}' of shape [{string.Join(", ", shape)}] {dtype} needs {elements * width:0} bytes, its data range holds {end - begin}");
    }

    /// <summary>Throws if <paramref name="tensor"/> holds NaN or ±Inf: such weights make every hidden state NaN.</summary>
    public static void RequireFinite(Tensor tensor, string name, string file)
    {
        if (!tensor.is_floating_point())
            return;
        using var finite = isfinite(tensor).all();
        if (!finite.item<bool>())
        {
            using var nan = isnan(tensor).sum();
            throw new SslInputException($"{file}: parameter '{name}' holds non-finite values ({nan.item<long>()} NaN, the rest ±Inf); refusing to load it");
        }
    }

    [GeneratedRegex(@"^encoder\.layers\.(\d{1,6})\.")]
    private static partial Regex LayerKey();
}
