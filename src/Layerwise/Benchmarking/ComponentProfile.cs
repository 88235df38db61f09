using System.Diagnostics;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Benchmarking;

/// <summary>
/// Where the forward time goes: the SSL forward pass replayed component by component (conv stack, feature
/// projection, positional conv + encoder norm, then attention and feed-forward summed over the blocks, their
/// layer norms and residuals included), each timed on its own. Post-LN and pre-LN orders as the model's.
/// </summary>
public static class ComponentProfile
{
    public static readonly string[] Components = ["conv_stack", "projection", "pos_conv", "attention", "feed_forward"];

    /// <summary>Median seconds per component over the repeats (after the warm-ups), and of their total.</summary>
    /// <paramref name="threadCpu"/>: measure the calling thread's CPU time instead of wall time (use with one thread).
    public static IReadOnlyDictionary<string, double> Run(BenchSettings settings, bool threadCpu = false)
    {
        settings.Validate();
        var config = BenchArch.Config(settings.Arch);
        using var frontEnd = SslModels.CreateRandom(config, settings.Layers, settings.Seed, settings.Device, NormalizeMode.Off, settings.DType);
        set_num_threads(settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount);
        var modules = frontEnd.Module.named_modules().ToDictionary(m => m.name, m => m.module);
        T Get<T>(string name) where T : class => modules[name] as T ?? throw new InvalidOperationException($"no module {name}");
        var extractor = Get<FeatureExtractor>("feature_extractor");
        var projection = Get<FeatureProjection>("feature_projection");
        var posConv = Get<PositionalConvEmbedding>("encoder.pos_conv_embed");
        var encoderNorm = modules.GetValueOrDefault("encoder.layer_norm") as LayerNorm;
        var blocks = Enumerable.Range(0, settings.Layers).Select(i => (
            Attention: Get<SelfAttention>($"encoder.layers.{i}.attention"),
            Norm: Get<LayerNorm>($"encoder.layers.{i}.layer_norm"),
            FeedForward: Get<FeedForward>($"encoder.layers.{i}.feed_forward"),
            FinalNorm: Get<LayerNorm>($"encoder.layers.{i}.final_layer_norm"))).ToArray();
        bool preLn = config.DoStableLayerNorm;

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var generator = new Generator((ulong)settings.Seed + 1);
        var waveforms = (randn([settings.Batch, settings.Samples], generator: generator) * 0.1f).to(settings.Device).to(frontEnd.ActivationDType);
        var times = Components.Append("total").ToDictionary(c => c, _ => new List<double>());

        for (int r = 0; r < settings.Warmup + settings.Repeat; r++)
        {
            using var pass = NewDisposeScope();
            var sums = Components.ToDictionary(c => c, _ => 0.0);
            Tensor Timed(string component, Func<Tensor> step)
            {
                double start = threadCpu ? ThreadCpuClock.Now() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
                var y = step();
                if (settings.Device.type == DeviceType.CUDA)
                    cuda.synchronize();
                double end = threadCpu ? ThreadCpuClock.Now() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
                sums[component] += end - start;
                return y;
            }
            var features = Timed("conv_stack", () => extractor.forward(waveforms).contiguous());
            var x = Timed("projection", () => projection.forward(features));
            x = Timed("pos_conv", () =>
            {
                var h = x + posConv.forward(x);
                return encoderNorm is null ? h : encoderNorm.forward(h);
            });
            var context = new EncoderContext();
            foreach (var block in blocks)
            {
                var input = x;
                x = Timed("attention", () => preLn
                    ? input + block.Attention.Forward(block.Norm.forward(input), context)
                    : block.Norm.forward(input + block.Attention.Forward(input, context)));
                var mid = x;
                x = Timed("feed_forward", () => preLn
                    ? mid + block.FeedForward.forward(block.FinalNorm.forward(mid))
                    : block.FinalNorm.forward(mid + block.FeedForward.forward(mid)));
            }
            if (r < settings.Warmup)
                continue;
            foreach (var (c, s) in sums)
                times[c].Add(s);
            times["total"].Add(sums.Values.Sum());
        }
        return times.ToDictionary(t => t.Key, t => Timing.Median(t.Value));
    }
}
