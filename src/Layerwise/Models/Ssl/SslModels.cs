using System.Text.Json;
using Layerwise.Models.Ssl.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>Builds SSL front-ends: from a Hugging Face model folder, or with random weights for demos and benchmarks.</summary>
public static class SslModels
{
    /// <summary>
    /// Loads a checkpoint, building only the first <paramref name="numLayers"/> blocks (all when null) and reading
    /// only their tensors: a Hugging Face model folder (config.json, weights, optional preprocessor_config.json), or a
    /// fairseq wav2vec2 / XLS-R / HuBERT or unilm WavLM .pt file (or a folder holding one .pt and no config.json, as
    /// <c>layerwise hub import</c> leaves it), whose architecture is read from the checkpoint itself.
    /// <paramref name="normalize"/> defaults to <see cref="NormalizeMode.Off"/>: the raw waveform, as the paper fed every model.
    /// </summary>
    public static SslFrontEnd Load(string path, int? numLayers = null, Device? device = null,
        NormalizeMode normalize = NormalizeMode.Off, ScalarType dtype = ScalarType.Float32)
    {
        if (OriginalFile(path) is { } pt)
            return LoadOriginal(pt, numLayers, device, normalize, dtype);
        string folder = path;
        if (!Directory.Exists(folder))
            throw new SslInputException($"{folder}: model folder not found");
        string configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath))
            throw new SslInputException($"{folder}: no config.json (and no single .pt checkpoint)");
        var config = SslConfig.FromFile(configPath);
        int n = Layers(config, numLayers);
        var (doNormalize, reason) = ResolveNormalize(normalize, folder);
        // VALIDATION CALL SITE (issue 16): config vs checkpoint and a memory estimate, before any block is allocated.
        CheckpointValidation.BeforeBuild(config, n, configPath, CheckpointLoader.LocateWeights(folder));
        PrepareThreads();
        using var scope = NewDisposeScope(); // temporaries of loading; the model's own tensors are detached in Finish
        using var index = CheckpointIndex.FromFolder(folder);
        // Here the checkpoint's tensors are known by name, dtype and shape and nothing is allocated yet:
        // checks of the config against them (layer count, shapes, memory) belong here, before the model is built.
        var model = new SslModel(config, n);
        try
        {
            var report = CheckpointLoader.Load(model, index);
            return Finish(model, device, dtype, doNormalize, reason, Path.GetFullPath(folder), report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The .pt checkpoint <paramref name="path"/> stands for: the file itself, or the only .pt of a folder without config.json; else null.</summary>
    public static string? OriginalFile(string path)
    {
        if (File.Exists(path))
            return path;
        if (!Directory.Exists(path) || File.Exists(Path.Combine(path, "config.json")))
            return null;
        var pts = Directory.GetFiles(path, "*.pt");
        return pts.Length switch
        {
            1 => pts[0],
            0 => null,
            _ => throw new SslInputException($"{path}: holds {pts.Length} .pt checkpoints and no config.json; name the file to load"),
        };
    }

    /// <summary>The architecture of what <see cref="Load"/> would load from <paramref name="path"/>: config.json of a model folder, or the cfg/args of a .pt (no tensor is read).</summary>
    public static SslConfig ReadConfig(string path) =>
        OriginalFile(path) is { } pt ? ReadOriginalConfig(pt) : SslConfig.FromFile(Path.Combine(path, "config.json"));

    /// <summary>The architecture of a fairseq/unilm .pt checkpoint (reads only its pickle, no tensor).</summary>
    public static SslConfig ReadOriginalConfig(string ptFile)
    {
        using var archive = TorchArchive.Open(ptFile);
        return OriginalCheckpoint.From(archive).Config;
    }

    static SslFrontEnd LoadOriginal(string file, int? numLayers, Device? device, NormalizeMode normalize, ScalarType dtype)
    {
        PrepareThreads();
        using var scope = NewDisposeScope();
        var archive = TorchArchive.Open(file);
        CheckpointIndex index;
        OriginalCheckpoint checkpoint;
        try
        {
            checkpoint = OriginalCheckpoint.From(archive);
            index = CheckpointIndex.FromOriginal(checkpoint, archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
        using (index)
        {
            int n = Layers(checkpoint.Config, numLayers);
            // As in Load: the tensors are known (index), nothing is allocated; checks against the config go here.
            var (doNormalize, reason) = normalize switch
            {
                NormalizeMode.On => (true, "on: requested"),
                NormalizeMode.Off => (false, "off: raw waveform (as the paper)"),
                _ => (checkpoint.Normalize, $"auto: checkpoint {checkpoint.ConfigSource} normalize={(checkpoint.Normalize ? "true" : "false")}"),
            };
            var model = new SslModel(checkpoint.Config, n);
            try
            {
                var report = CheckpointLoader.Load(model, index);
                return Finish(model, device, dtype, doNormalize, reason, Path.GetFullPath(file), report);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
    }

    /// <summary>A model with random weights (depending on <paramref name="seed"/> only) for demos and benchmarks; <see cref="NormalizeMode.Auto"/> means off here.</summary>
    public static SslFrontEnd CreateRandom(SslConfig config, int? numLayers = null, int seed = 0, Device? device = null,
        NormalizeMode normalize = NormalizeMode.Off, ScalarType dtype = ScalarType.Float32)
    {
        config.Validate();
        int n = Layers(config, numLayers);
        CheckpointValidation.BeforeBuild(config, n, "config", null); // VALIDATION CALL SITE (issue 16)
        PrepareThreads();
        using var scope = NewDisposeScope();
        var model = new SslModel(config, n);
        RandomInit.Apply(model, seed);
        bool on = normalize == NormalizeMode.On;
        return Finish(model, device, dtype, on, on ? "on: requested" : "off: raw waveform (random-weight model)", null, null);
    }

    /// <summary>Parameters of a model truncated to <paramref name="numLayers"/> blocks, without building it.</summary>
    public static long ParameterCount(SslConfig config, int? numLayers = null)
    {
        int n = Layers(config, numLayers);
        long d = config.HiddenSize, ff = config.IntermediateSize;
        long conv = 0;
        for (int i = 0; i < config.ConvDim.Count; i++)
        {
            long cin = i == 0 ? 1 : config.ConvDim[i - 1], cout = config.ConvDim[i];
            conv += cout * cin * config.ConvKernel[i] + (config.ConvBias ? cout : 0);
            if (config.FeatExtractNorm == "layer" || i == 0)
                conv += 2 * cout;
        }
        long c = config.ExtractFeaturesDim;
        long projection = (config.HasFeatureProjectionLayerNorm ? 2 * c : 0) + c * d + d;
        long posConv = d * (d / config.NumConvPosEmbeddingGroups) * config.NumConvPosEmbeddings + d;
        long encoderNorm = config.DoStableLayerNorm ? 0 : 2 * d;
        long block = 4 * (d * d + d) + 2 * 2 * d + (d * ff + ff) + (ff * d + d);
        if (config.ModelType == SslFamily.WavLM)
            block += config.NumAttentionHeads + config.HeadDim * 8 + 8;
        long relTable = config.ModelType == SslFamily.WavLM && n > 0 ? (long)config.NumBuckets * config.NumAttentionHeads : 0;
        return conv + projection + posConv + encoderNorm + n * block + relTable;
    }

    static int Layers(SslConfig config, int? numLayers)
    {
        int n = numLayers ?? config.NumHiddenLayers;
        if (n < 0 || n > config.NumHiddenLayers)
            throw new ArgumentOutOfRangeException(nameof(numLayers), n, $"the model has {config.NumHiddenLayers} layers; ask for 0..{config.NumHiddenLayers}");
        return n;
    }

    /// <summary>Resolves <see cref="NormalizeMode.Auto"/> from preprocessor_config.json (absent: Hugging Face's default, true).</summary>
    internal static (bool Normalize, string Reason) ResolveNormalize(NormalizeMode mode, string folder)
    {
        if (mode == NormalizeMode.On)
            return (true, "on: requested");
        if (mode == NormalizeMode.Off)
            return (false, "off: raw waveform (as the paper)");
        string path = Path.Combine(folder, "preprocessor_config.json");
        if (!File.Exists(path))
            return (true, "auto: no preprocessor_config.json, Hugging Face default do_normalize=true");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            bool value = !doc.RootElement.TryGetProperty("do_normalize", out var v) || v.ValueKind != JsonValueKind.False;
            return (value, $"auto: preprocessor_config.json do_normalize={(value ? "true" : "false")}");
        }
        catch (JsonException e)
        {
            throw new SslInputException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    static SslFrontEnd Finish(SslModel model, Device? device, ScalarType dtype, bool normalize, string reason, string? folder, CheckpointLoadReport? report)
    {
        if (dtype is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int8))
            throw new ArgumentException($"dtype {dtype} is not supported (float32, float16, bfloat16 or int8)");
        device ??= CPU;
        if (dtype == ScalarType.Int8 && device.type != DeviceType.CPU)
            throw new ArgumentException($"dtype int8 runs on the CPU only (FBGEMM), not on {device}");
        foreach (var p in model.parameters())
            p.requires_grad = false;
        model.eval();
        long parameterCount = model.parameters().Sum(p => p.numel()); // before int8 releases the float weights
        if (dtype == ScalarType.Int8)
            model.QuantizeInt8(); // weights quantized once; activations stay float32 between the int8 GEMMs
        else if (dtype != ScalarType.Float32)
            model.to(dtype);
        if (device.type != DeviceType.CPU)
            model.to(device);
        // The model must outlive any dispose scope the caller built it in.
        foreach (var p in model.parameters())
            p.DetachFromDisposeScope();
        foreach (var b in model.buffers())
            b.DetachFromDisposeScope();
        return new SslFrontEnd(model, device, dtype, normalize, reason, folder, report, parameterCount);
    }

    /// <summary>Intra-op threads = cores (TorchSharp may start with fewer).</summary>
    static void PrepareThreads()
    {
        if (get_num_threads() < Environment.ProcessorCount)
            set_num_threads(Environment.ProcessorCount);
    }
}
