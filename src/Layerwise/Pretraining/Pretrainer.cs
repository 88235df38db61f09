using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Layerwise.Analysis;
using Layerwise.Audio;
using Layerwise.Data.Demo;
using Layerwise.IO;
using Layerwise.Models.Ssl;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Pretraining;

/// <summary>What a pretraining run produced.</summary>
public sealed record PretrainingResult(
    string Folder,
    IReadOnlyList<PretrainingStep> Log,
    double FinalLoss,
    double FinalMaskedAccuracy,
    double MajorityBaseline,
    int Clusters,
    string StoppedBy,
    TimeSpan Elapsed);

/// <summary>
/// HuBERT pretraining, first iteration, of the project's own HuBERT (the tiny architecture of
/// <see cref="SslConfig.Tiny"/>): k-means over standardised MFCC frames of the corpus gives one target per conv
/// frame; each step takes random crops, span-masks the projected conv features with the mask embedding, runs the
/// encoder and trains on <see cref="MaskedPredictionLoss"/> over the masked frames (Adam, warm-up then linear decay,
/// gradient clipping). Every random choice comes from seeded streams and the run is bounded by steps, so the same
/// corpus, options and thread count give the same bytes. Writes a Hugging Face folder: config.json (model_type
/// hubert), preprocessor_config.json, model.safetensors (HubertModel names, incl. masked_spec_embed),
/// pretraining.json and pretraining_log.csv.
/// </summary>
public static class Pretrainer
{
    public const string SummaryFileName = "pretraining.json";

    /// <summary>The architecture pretrained: the tiny model, as HuBERT.</summary>
    public static SslConfig Architecture => SslConfig.Tiny(SslFamily.Hubert);

    public static PretrainingResult Run(string corpus, string outFolder, PretrainingOptions options,
        Action<string>? stage = null, IProgress<PretrainingStep>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var config = Architecture;
        int threads = options.Threads;
        set_num_threads(threads);
        int crop = (int)Math.Round(options.CropSeconds * 16000);
        int frames = (int)config.FrameCount(crop);

        stage?.Invoke($"reading {corpus}");
        var waves = ReadCorpus(corpus, crop);
        stage?.Invoke($"MFCC of {waves.Count} utterances");
        var mfcc = new double[waves.Count][][];
        Parallel.For(0, waves.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => mfcc[i] = Mfcc.Compute(waves[i].Samples));

        stage?.Invoke($"k-means, k={options.Clusters}");
        var (kmeans, labels, majority) = Cluster(mfcc, options);

        stage?.Invoke($"pretraining: {options.Steps} steps of {options.BatchSize} x {options.CropSeconds:0.##} s");
        using var model = new SslModel(config, config.NumHiddenLayers);
        RandomInit.Apply(model, options.Seed);
        using var head = new PretrainingHead(config.HiddenSize, options.ProjectionDim, options.Clusters, options.Seed + 1);
        model.train();
        head.train();
        var parameters = model.parameters().Concat(head.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        var log = new List<PretrainingStep>(options.Steps);
        string stoppedBy = "steps";
        int warmup = Math.Max(1, (int)Math.Round(options.WarmupFraction * options.Steps));
        for (int step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.MaxMinutes is double cap && clock.Elapsed.TotalMinutes >= cap)
            {
                stoppedBy = $"minutes ({cap.ToString(CultureInfo.InvariantCulture)})";
                break;
            }
            double lr = options.LearningRate * (step <= warmup ? (double)step / warmup : Math.Max(0, (double)(options.Steps - step + 1) / (options.Steps - warmup + 1)));
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr;
            var row = Step(model, head, optimizer, parameters, waves, labels, options, crop, frames, step, lr);
            log.Add(row);
            progress?.Report(row);
        }

        stage?.Invoke($"writing {outFolder}");
        int tail = Math.Max(1, log.Count / 20);
        var last = log.Skip(log.Count - tail).ToList();
        var result = new PretrainingResult(Path.GetFullPath(outFolder), log, last.Average(s => s.Loss), last.Average(s => s.MaskedAccuracy),
            majority, options.Clusters, stoppedBy, clock.Elapsed);
        Write(outFolder, config, model, head, options, result, corpus, waves, kmeans, threads, tail);
        return result with { Elapsed = clock.Elapsed };
    }

    sealed record Wave(string Path, float[] Samples);

    static List<Wave> ReadCorpus(string corpus, int crop)
    {
        if (!Directory.Exists(corpus))
            throw new PretrainingInputException($"{corpus}: corpus folder not found");
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        var waves = new List<Wave>();
        foreach (var f in files)
        {
            var x = AudioFile.ReadMono(f);
            if (x.Length >= crop)
                waves.Add(new Wave(Path.GetRelativePath(corpus, f).Replace('\\', '/'), x));
        }
        if (waves.Count == 0)
            throw new PretrainingInputException($"{corpus}: no WAV/FLAC file of at least {crop / 16000.0:0.##} s ({files.Count} audio files found)");
        return waves;
    }

    /// <summary>Standardise the MFCCs (per dimension, over all frames), fit k-means on a seeded sample, label every frame.</summary>
    static (KMeans KMeans, int[][] Labels, double Majority) Cluster(double[][][] mfcc, PretrainingOptions options)
    {
        var all = mfcc.SelectMany(m => m).ToArray();
        var mean = new double[Mfcc.Dim];
        var std = new double[Mfcc.Dim];
        foreach (var f in all)
            for (int j = 0; j < Mfcc.Dim; j++) mean[j] += f[j];
        for (int j = 0; j < Mfcc.Dim; j++) mean[j] /= all.Length;
        foreach (var f in all)
            for (int j = 0; j < Mfcc.Dim; j++) std[j] += (f[j] - mean[j]) * (f[j] - mean[j]);
        for (int j = 0; j < Mfcc.Dim; j++) std[j] = Math.Sqrt(std[j] / all.Length) + 1e-8;
        double[] Norm(double[] f) => f.Select((v, j) => (v - mean[j]) / std[j]).ToArray();

        var order = Enumerable.Range(0, all.Length).ToArray();
        DemoRandom.For((ulong)options.Seed, "kmeans-sample", 0).Shuffle(order);
        var sample = order.Take(Math.Min(options.KMeansFrames, all.Length)).Order().Select(i => Norm(all[i])).ToArray();
        if (sample.Length < options.Clusters)
            throw new PretrainingInputException($"k-means: {sample.Length} MFCC frames for {options.Clusters} clusters");
        var kmeans = KMeans.Fit(sample, options.Clusters, (ulong)options.Seed, options.KMeansIterations);
        var labels = mfcc.Select(m => m.Select(f => kmeans.Assign(Norm(f))).ToArray()).ToArray();
        var counts = new int[options.Clusters];
        foreach (var l in labels.SelectMany(l => l)) counts[l]++;
        return (kmeans, labels, (double)counts.Max() / all.Length);
    }

    static PretrainingStep Step(SslModel model, PretrainingHead head, optim.Optimizer optimizer, List<TorchSharp.Modules.Parameter> parameters,
        List<Wave> waves, int[][] labels, PretrainingOptions options, int crop, int frames, int step, double lr)
    {
        using var scope = NewDisposeScope();
        var rng = DemoRandom.For((ulong)options.Seed, "pretrain-step", step);
        int b = options.BatchSize;
        var batch = new float[b * crop];
        var targets = new List<long>();
        var maskFlat = new bool[b * frames];
        var masked = new List<long>();
        for (int i = 0; i < b; i++)
        {
            int u = rng.Next(waves.Count);
            var x = waves[u].Samples;
            int offsetFrames = rng.Next((x.Length - crop) / Mfcc.Hop + 1);
            Array.Copy(x, offsetFrames * Mfcc.Hop, batch, i * crop, crop);
            var mask = options.Mask.Draw(frames, rng);
            for (int t = 0; t < frames; t++)
            {
                maskFlat[i * frames + t] = mask[t];
                if (mask[t])
                {
                    masked.Add(i * frames + t);
                    targets.Add(labels[u][offsetFrames + t]);
                }
            }
        }
        var wave = tensor(batch, [b, crop]);
        var maskTensor = tensor(maskFlat, [b, frames]);
        var (features, hidden) = model.Run(wave, _ => null, p => head.Mask(p, maskTensor));
        var projected = head.final_proj.forward(hidden[^1]).reshape(-1, options.ProjectionDim).index_select(0, tensor(masked.ToArray()));
        var (loss, correct) = MaskedPredictionLoss.Compute(projected, head.label_embs_concat, tensor(targets.ToArray()));
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(parameters, options.ClipNorm);
        optimizer.step();
        return new PretrainingStep(step, loss.item<float>(), (double)correct / masked.Count, (double)masked.Count / (b * frames), lr);
    }

    static void Write(string outFolder, SslConfig config, SslModel model, PretrainingHead head, PretrainingOptions options,
        PretrainingResult result, string corpus, List<Wave> waves, KMeans kmeans, int threads, int tail)
    {
        Directory.CreateDirectory(outFolder);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.state_dict())
            tensors[name] = t.detach().contiguous();
        tensors["masked_spec_embed"] = head.masked_spec_embed.detach().contiguous();
        var sorted = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);
        string weights = Path.Combine(outFolder, "model.safetensors");
        AtomicFile.Write(weights, temp => Safetensors.SaveStateDict(temp, sorted));

        AtomicFile.WriteAllText(Path.Combine(outFolder, "config.json"), ConfigJson(config));
        AtomicFile.WriteAllText(Path.Combine(outFolder, "preprocessor_config.json"),
            "{\n  \"do_normalize\": false,\n  \"feature_extractor_type\": \"Wav2Vec2FeatureExtractor\",\n  \"feature_size\": 1,\n  \"padding_side\": \"right\",\n  \"padding_value\": 0.0,\n  \"return_attention_mask\": false,\n  \"sampling_rate\": 16000\n}\n");
        AtomicFile.WriteAllText(Path.Combine(outFolder, PretrainingLog.FileName), PretrainingLog.Format(result.Log));

        string manifest = Path.Combine(corpus, DemoPretrainCorpus.ManifestFileName);
        var summary = new JsonObject
        {
            ["command"] = options.Command,
            ["objective"] = "HuBERT masked prediction, first iteration (k-means targets over MFCC frames)",
            ["corpus"] = new JsonObject
            {
                ["folder"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus))),
                ["manifest"] = File.Exists(manifest) ? File.ReadAllLines(manifest).FirstOrDefault() : null,
                ["tree_sha256"] = File.Exists(manifest) ? File.ReadAllLines(manifest).ElementAtOrDefault(1)?.Replace("tree_sha256=", "", StringComparison.Ordinal) : null,
                ["utterances"] = waves.Count,
                ["seconds"] = Math.Round(waves.Sum(w => w.Samples.Length) / 16000.0, 2),
            },
            ["targets"] = new JsonObject
            {
                ["features"] = $"MFCC {Mfcc.Coefficients} + delta + delta-delta ({Mfcc.Dim} dims), 25 ms window, 20 ms hop (the conv frames), standardised per dimension",
                ["clusters"] = options.Clusters,
                ["kmeans_frames"] = options.KMeansFrames,
                ["kmeans_iterations"] = kmeans.Iterations,
                ["kmeans_inertia_per_frame"] = kmeans.Inertia / Math.Min(options.KMeansFrames, waves.Sum(w => Mfcc.FrameCount(w.Samples.Length))),
                ["chance_accuracy"] = 1.0 / options.Clusters,
                ["majority_class_fraction"] = result.MajorityBaseline,
            },
            ["masking"] = new JsonObject { ["probability"] = options.Mask.Probability, ["span"] = options.Mask.Length, ["min_masks"] = options.Mask.MinMasks },
            ["loss"] = $"cross-entropy over cosine-similarity logits / {MaskedPredictionLoss.Temperature.ToString(CultureInfo.InvariantCulture)} against {options.Clusters} target embeddings, masked frames only",
            ["optimizer"] = new JsonObject
            {
                ["name"] = "Adam",
                ["learning_rate"] = options.LearningRate,
                ["warmup_fraction"] = options.WarmupFraction,
                ["schedule"] = "linear warm-up, then linear decay to 0",
                ["clip_norm"] = options.ClipNorm,
                ["projection_dim"] = options.ProjectionDim,
            },
            ["seed"] = options.Seed,
            ["steps"] = result.Log.Count,
            ["steps_requested"] = options.Steps,
            ["stopped_by"] = result.StoppedBy,
            ["batch_size"] = options.BatchSize,
            ["crop_seconds"] = options.CropSeconds,
            ["torch_threads"] = threads,
            ["final_loss"] = result.FinalLoss,
            ["final_masked_accuracy"] = result.FinalMaskedAccuracy,
            ["final_over_last_steps"] = tail,
            ["parameters"] = model.parameters().Sum(p => p.numel()),
            ["wall_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["machine"] = $"{Environment.ProcessorCount} cores, {CpuName()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            ["reproduces"] = "model.safetensors is identical for the same corpus, options and torch_threads on the same machine; wall_seconds and machine vary",
        };
        AtomicFile.WriteAllText(Path.Combine(outFolder, SummaryFileName), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The Hugging Face HubertConfig fields the project's loader reads, for <paramref name="c"/>.</summary>
    static string ConfigJson(SslConfig c)
    {
        var o = new JsonObject
        {
            ["architectures"] = new JsonArray("HubertModel"),
            ["model_type"] = "hubert",
            ["hidden_size"] = c.HiddenSize,
            ["num_hidden_layers"] = c.NumHiddenLayers,
            ["num_attention_heads"] = c.NumAttentionHeads,
            ["intermediate_size"] = c.IntermediateSize,
            ["hidden_act"] = c.HiddenAct,
            ["layer_norm_eps"] = c.LayerNormEps,
            ["feat_extract_norm"] = c.FeatExtractNorm,
            ["feat_extract_activation"] = c.FeatExtractActivation,
            ["conv_dim"] = new JsonArray([.. c.ConvDim.Select(v => (JsonNode)v)]),
            ["conv_kernel"] = new JsonArray([.. c.ConvKernel.Select(v => (JsonNode)v)]),
            ["conv_stride"] = new JsonArray([.. c.ConvStride.Select(v => (JsonNode)v)]),
            ["conv_bias"] = c.ConvBias,
            ["num_conv_pos_embeddings"] = c.NumConvPosEmbeddings,
            ["num_conv_pos_embedding_groups"] = c.NumConvPosEmbeddingGroups,
            ["do_stable_layer_norm"] = c.DoStableLayerNorm,
            ["feat_proj_layer_norm"] = c.FeatProjLayerNorm,
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
