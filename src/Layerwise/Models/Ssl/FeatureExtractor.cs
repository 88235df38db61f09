using Layerwise.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// One conv layer of the waveform encoder (HF <c>feature_extractor.conv_layers.i</c>): conv, then an optional
/// norm named <c>layer_norm</c> (GroupNorm with one group per channel on layer 0 of "group" models, LayerNorm
/// over channels on every layer of "layer" models), then the activation.
/// Layout: "layer" models run time-major ([B, T, C] in and out: their LayerNorm wants the channel axis last, and
/// the [B, C, T] path paid two transposing copies per layer for it; large conv stack 0.43 → 0.30 s of one-thread
/// CPU time); "group" models keep [B, C, T] and the oneDNN convolution, which beat the GEMM form by ~10 % there.
/// </summary>
internal sealed class ConvLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the checkpoint's parameter names
    readonly Conv1d conv;
    readonly nn.Module<Tensor, Tensor>? layer_norm;
#pragma warning restore IDE1006
    readonly bool channelLayerNorm;
    readonly long stride;
    readonly Func<Tensor, Tensor> activation;

    public ConvLayer(SslConfig config, int index) : base($"conv_layers.{index}")
    {
        long inDim = index == 0 ? 1 : config.ConvDim[index - 1];
        long outDim = config.ConvDim[index];
        conv = nn.Conv1d(inDim, outDim, config.ConvKernel[index], stride: config.ConvStride[index], bias: config.ConvBias);
        stride = config.ConvStride[index];
        if (config.FeatExtractNorm == "layer")
        {
            layer_norm = nn.LayerNorm(outDim); // HF: nn.LayerNorm(out_conv_dim), default eps 1e-5
            channelLayerNorm = true;
        }
        else if (index == 0)
        {
            layer_norm = nn.GroupNorm(outDim, outDim); // HF: GroupNorm(num_groups=dim, num_channels=dim, affine=True)
        }
        activation = Activations.Get(config.FeatExtractActivation);
        RegisterComponents();
    }

    /// <summary>Whether this layer takes and returns [B, T, C] (see the class summary) rather than [B, C, T].</summary>
    public bool TimeMajor => channelLayerNorm;

    public override Tensor forward(Tensor x)
    {
        if (TimeMajor)
            return ConvTimeMajor(x).Then(layer_norm!.forward).Then(activation);
        x = conv.forward(x); // the input belongs to the caller
        if (layer_norm is not null)
            x = x.Then(layer_norm.forward);
        return x.Then(activation);
    }

    /// <summary>Up to this many input values per output frame, the patches are copied into one matrix (one GEMM).</summary>
    const long SmallPatch = 64;

    /// <summary>Output frames per oneDNN GEMM of a time-major conv (1024 × 1536 patches: 6 MiB).</summary>
    const long PatchChunk = 1024;

    /// <summary>
    /// The conv of [B, T, Cin] (contiguous) → [B, T_out, Cout] as GEMMs over the input itself, without an im2col copy:
    /// output frame t reads input frames s·t .. s·t+k−1, i.e. ⌈k/s⌉ runs of (up to) s consecutive frames; run g is a
    /// strided view (rows of s·Cin values starting at frame s·(t+g)), multiplied by the matching taps of the weight
    /// and accumulated in place. The waveform layer (Cin = 1) copies its small patches into one matrix instead, and so
    /// does every layer where <see cref="Float32Gemm"/> runs oneDNN (which wants contiguous rows), a chunk at a time:
    /// on the Zen 5 class VM that made the large conv stack 1.4–1.5× faster than these in-place MKL GEMMs.
    /// </summary>
    Tensor ConvTimeMajor(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], cin = x.shape[2];
        long k = conv.weight!.shape[2], s = stride, cout = conv.weight.shape[0];
        long tOut = (t - k) / s + 1;
        long offset = x.storage_offset();
        if (k * cin <= SmallPatch)
        {
            using var patches = x.as_strided([b, tOut, k * cin], [t * cin, s * cin, 1], offset).contiguous();
            using var weight = conv.weight.permute(0, 2, 1).reshape(cout, k * cin);
            return Float32Gemm.Linear(patches, weight, conv.bias);
        }
        if (Float32Gemm.Applies(x))
        {
            // oneDNN takes contiguous rows: the patches are copied, a chunk of frames at a time so that the copies
            // stay small (a whole layer's im2col would be 1.5× its input) and in cache.
            using var weight = conv.weight.permute(0, 2, 1).reshape(cout, k * cin);
            var output = empty([b, tOut, cout], dtype: x.dtype);
            for (long i = 0; i < b; i++)
                for (long t0 = 0; t0 < tOut; t0 += PatchChunk)
                {
                    long rows = Math.Min(PatchChunk, tOut - t0);
                    using var patches = x.as_strided([rows, k * cin], [s * cin, 1], offset + i * t * cin + t0 * s * cin);
                    using var part = Float32Gemm.Linear(patches, weight, conv.bias);
                    using var item = output[i];
                    using var target = item.narrow(0, t0, rows);
                    target.copy_(part);
                }
            return output;
        }
        Tensor y = null!;
        for (long g = 0; g * s < k; g++)
        {
            long w = Math.Min(s, k - g * s);
            using var run = x.as_strided([b, tOut, w * cin], [t * cin, s * cin, 1], offset + g * s * cin);
            using var taps = conv.weight.narrow(2, g * s, w).permute(0, 2, 1).reshape(cout, w * cin);
            if (g == 0)
            {
                y = nn.functional.linear(run, taps, conv.bias);
                continue;
            }
            using var tapsT = taps.t();
            for (long i = 0; i < b; i++) // item by item: addmm_ accumulates without a temporary
            {
                using var yi = y[i];
                using var ri = run[i];
                yi.addmm_(ri, tapsT);
            }
        }
        return y;
    }
}

/// <summary>The conv waveform encoder (HF <c>feature_extractor</c>): [B, samples] → [B, T, C] (a transposed view for "group" models).</summary>
internal sealed class FeatureExtractor : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    readonly ModuleList<ConvLayer> conv_layers = new();
#pragma warning restore IDE1006

    public FeatureExtractor(SslConfig config) : base("feature_extractor")
    {
        for (int i = 0; i < config.ConvDim.Count; i++)
            conv_layers.Add(new ConvLayer(config, i));
        RegisterComponents();
    }

    public override Tensor forward(Tensor waveforms)
    {
        bool timeMajor = conv_layers[0].TimeMajor; // the same for every layer: it follows the norm kind
        var x = timeMajor ? waveforms.unsqueeze(-1) : waveforms.unsqueeze(1);
        foreach (var layer in conv_layers)
            x = x.Then(layer.forward); // frees each layer's output once the next has read it
        return timeMajor ? x : x.Then(c => c.transpose(1, 2));
    }
}
