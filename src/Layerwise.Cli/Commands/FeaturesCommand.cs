using System.CommandLine;
using Layerwise.Audio;
using Layerwise.Hub;
using Layerwise.IO;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Cli.Commands;

/// <summary>
/// `layerwise features`: runs an SSL front-end on one audio file and writes float32 tensors
/// extract_features and hidden_0..hidden_N, each [1, T, D], to a .safetensors file; prints a JSON summary.
/// The model: a Hugging Face folder, a fairseq/unilm .pt, a repo id (hub cache), or "tiny" with random weights.
/// </summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "Model folder (config.json + weights), fairseq/unilm .pt checkpoint, Hugging Face repo id (e.g. facebook/wav2vec2-base), or 'tiny' (random weights)",
            Required = true,
        };
        var audio = new Option<string>("--audio") { Description = "Audio file (read whole, mono, resampled to 16 kHz)", Required = true };
        var output = new Option<string>("--out") { Description = "Output .safetensors file", Required = true };
        var layers = new Option<int?>("--layers") { Description = "Build and run only the first N transformer blocks (default: all)" };
        var normalize = new Option<string>("--normalize")
        {
            Description = "Waveform normalisation: false = raw waveform as in the paper (default), true = zero mean/unit variance, auto = preprocessor_config.json do_normalize",
            DefaultValueFactory = _ => "false",
        };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
        var dtype = new Option<string>("--dtype") { Description = "Compute dtype: float32 (default), bfloat16 or float16 (CUDA), int8 (CPU: the blocks' GEMMs dynamically quantized, opt-in; docs/int8.md), or auto (bfloat16 where a short probe measures it faster on this CPU, else float32); outputs are float32", DefaultValueFactory = _ => "float32" };
        var revision = new Option<string>("--revision") { Description = "Hub revision when --model is a repo id", DefaultValueFactory = _ => "main" };

        var command = new Command("features", "Extract per-layer SSL features of one audio file to a .safetensors file (extract_features, hidden_0..hidden_N, each [1, T, D])")
        {
            model, audio, output, layers, normalize, device, dtype, revision,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string modelArg = parse.GetValue(model)!;
            bool tiny = modelArg == "tiny";
            string folder = tiny ? "tiny (random weights, seed 0)"
                : Directory.Exists(modelArg) || File.Exists(modelArg) ? modelArg : ResolveHub(modelArg, parse.GetValue(revision)!);
            var mode = NormalizeModes.Parse(parse.GetValue(normalize)!);
            var dev = Devices.Resolve(parse.GetValue(device)!);
            var type = DTypes.Parse(parse.GetValue(dtype)!, parse.GetValue(device)!);
            string audioPath = parse.GetValue(audio)!;
            if (!File.Exists(audioPath))
                throw new FileNotFoundException($"{audioPath}: audio file not found");
            float[] samples = AudioFile.ReadMono(audioPath, 16000);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var frontEnd = tiny
                ? SslModels.CreateRandom(SslConfig.Tiny(), parse.GetValue(layers), seed: 0, dev, mode, type) // as `extract --model tiny`
                : SslModels.Load(folder, parse.GetValue(layers), dev, mode, type);
            double loadSeconds = clock.Elapsed.TotalSeconds;
            using var scope = NewDisposeScope();
            SslOutput result;
            try { result = frontEnd.Forward(samples); }
            catch (SslInputException e) { throw new AudioFormatException(audioPath, e.Message, e); }
            using var _ = result;
            var tensors = new Dictionary<string, Tensor> { ["extract_features"] = result.ExtractFeatures.cpu() };
            for (int k = 0; k < result.Hidden.Count; k++)
                tensors[$"hidden_{k}"] = result.Hidden[k].cpu();
            // Validation policy: never write non-finite features as if they were a result.
            foreach (var (name, t) in tensors)
                if (!torch.isfinite(t).all().item<bool>())
                    throw new LayerwiseInputException($"{audioPath}: {name} of {folder} holds NaN or Inf values (non-finite weights or input); nothing written");
            string outPath = parse.GetValue(output)!;
            AtomicFile.Write(outPath, temp => Safetensors.SaveStateDict(temp, tensors));

            if (parse.GetValue(LayerwiseCli.Verbose) && frontEnd.Load is { } load)
                parse.InvocationConfiguration.Error.WriteLine($"weights: {string.Join(", ", load.Files)}; {load.UnusedSummary}");
            stdout.WriteLine(Json.Serialize(new
            {
                @out = outPath,
                model = folder,
                model_type = frontEnd.Config.ModelType.ToString().ToLowerInvariant(),
                layers = frontEnd.NumLayers,
                model_layers = frontEnd.Config.NumHiddenLayers,
                parameters = frontEnd.ParameterCount,
                samples = samples.Length,
                frames = result.ExtractFeatures.shape[1],
                hidden_size = frontEnd.HiddenSize,
                extract_features_dim = frontEnd.ExtractFeaturesDim,
                normalize = frontEnd.NormalizesInput,
                normalize_reason = frontEnd.NormalizeReason,
                device = frontEnd.Device.ToString(),
                dtype = type.ToString().ToLowerInvariant(),
                tensors = tensors.Keys.ToArray(),
                unused_weights = frontEnd.Load?.UnusedKeys.Count ?? 0,
                load_seconds = Math.Round(loadSeconds, 3),
            }));
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static string ResolveHub(string repoId, string revision)
    {
        if (!repoId.Contains('/', StringComparison.Ordinal) || repoId.StartsWith('.') || repoId.StartsWith('/') || repoId.Count(c => c == '/') != 1)
            throw new SslInputException($"{repoId}: no such model folder, and not a Hugging Face repo id (org/name)");
        return ModelHub.Download(repoId, revision);
    }
}
