using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// A frozen wav2vec2 / HuBERT / WavLM front-end, truncated to its first <see cref="NumLayers"/> blocks,
/// in eval mode without autograd. Create it with <see cref="SslModels"/>.
/// </summary>
public sealed class SslFrontEnd : ISslFrontEnd
{
    readonly SslModel model;

    internal SslFrontEnd(SslModel model, Device device, ScalarType dtype, bool normalize, string normalizeReason,
        string? folder, CheckpointLoadReport? load, long parameterCount)
    {
        this.model = model;
        Device = device;
        DType = dtype;
        NormalizesInput = normalize;
        NormalizeReason = normalizeReason;
        ModelFolder = folder;
        Load = load;
        ParameterCount = parameterCount;
    }

    public SslConfig Config => model.Config;
    public SslFamily ModelType => model.Config.ModelType;
    public int NumLayers => model.NumLayers;
    public int HiddenSize => model.Config.HiddenSize;
    /// <summary>Channels of <see cref="SslOutput.ExtractFeatures"/>.</summary>
    public int ExtractFeaturesDim => model.Config.ExtractFeaturesDim;
    /// <summary>Parameters of the model as built (blocks above <see cref="NumLayers"/> are never built; int8 models count their quantized weights).</summary>
    public long ParameterCount { get; }
    public Device Device { get; }
    /// <summary>
    /// Compute dtype of the weights (float32 by default; bfloat16/float16 are meant for CUDA; int8: dynamic int8
    /// quantization of the conv and projection GEMMs on the CPU, activations float32). Outputs are always float32.
    /// </summary>
    public ScalarType DType { get; }

    /// <summary>The dtype the activations run in: <see cref="DType"/>, or float32 for int8 models.</summary>
    public ScalarType ActivationDType => DType == ScalarType.Int8 ? ScalarType.Float32 : DType;
    /// <summary>Whether <see cref="Forward(Tensor, Tensor?)"/> normalises each waveform (zero mean, unit variance) before the model.</summary>
    public bool NormalizesInput { get; }
    /// <summary>Why: e.g. "off: raw waveform (as the paper)" or "auto: preprocessor_config.json do_normalize=true".</summary>
    public string NormalizeReason { get; }
    /// <summary>The model folder, or null for random weights.</summary>
    public string? ModelFolder { get; }
    /// <summary>Files read and unused checkpoint tensors; null for random weights.</summary>
    public CheckpointLoadReport? Load { get; }
    /// <summary>Fewest samples that give one frame (400 for the standard conv stack).</summary>
    public long MinSamples => model.Config.MinSamples;
    /// <summary>Frames produced for a waveform of <paramref name="samples"/> samples (0 if too short).</summary>
    public long FrameCount(long samples) => model.Config.FrameCount(samples);

    /// <summary>
    /// Run <see cref="Forward(Tensor, Tensor?)"/> under inference mode instead of no_grad (default false): slightly
    /// less bookkeeping, but the outputs are inference tensors that autograd refuses to save, so a back-end that
    /// trains on them must clone them first. For benchmarks and feature caching.
    /// </summary>
    public bool InferenceMode { get; set; }

    /// <summary>
    /// Whether a zero-padded batch with lengths gives each item's valid frames as its run alone (to float rounding):
    /// true for layer-norm conv stacks (large / XLS-R models); group-norm ones (base models) normalise each channel
    /// over time, padding included, as Hugging Face does.
    /// </summary>
    public bool PaddingIsExact => Config.FeatExtractNorm == "layer";

    /// <summary>The TorchSharp module (HF parameter names), e.g. for listing parameters (int8 models: the quantized projections' weights are empty).</summary>
    public nn.Module Module => model;

    /// <summary>
    /// Runs the model on waveforms [B, S] (16 kHz, any float dtype/device) with optional valid lengths [B]
    /// for a zero-padded batch (Hugging Face attention-mask semantics: padded frames are zeroed before the
    /// positional conv and never attended to; outputs at padded frames are not meaningful).
    /// Returns float32 tensors on <see cref="Device"/>, owned by the caller's dispose scope (if any).
    /// </summary>
    public SslOutput Forward(Tensor waveforms, Tensor? lengths = null)
    {
        if (waveforms.dim() == 1)
            waveforms = waveforms.unsqueeze(0);
        if (waveforms.dim() != 2)
            throw new ArgumentException($"waveforms must be [batch, samples], got {waveforms.dim()} dimensions");
        long b = waveforms.shape[0], s = waveforms.shape[1];
        long[]? lens = null;
        if (lengths is not null)
        {
            lens = lengths.cpu().to(ScalarType.Int64).data<long>().ToArray();
            if (lens.Length != b)
                throw new ArgumentException($"lengths has {lens.Length} entries for a batch of {b}");
            if (lens.Any(l => l < 0 || l > s))
                throw new ArgumentException($"lengths must be within [0, {s}]");
        }
        long shortest = lens?.Min() ?? s;
        if (FrameCount(shortest) < 1)
            throw new SslInputException(
                $"audio too short: {shortest} samples ({shortest / 16.0:0.#} ms at 16 kHz); the conv stack needs at least {MinSamples} samples");

        var frameLengths = lens?.Select(FrameCount).ToArray();
        using var scope = NewDisposeScope();
        // no_grad by default, not inference mode: outputs must stay usable as inputs of back-ends that train.
        using IDisposable guard = InferenceMode ? inference_mode() : no_grad();
        var x = waveforms.to(Device).to(ScalarType.Float32);
        if (NormalizesInput)
            x = WaveformNormalizer.Normalize(x, lens);
        x = x.to(ActivationDType).contiguous();

        Tensor? Mask(long t)
        {
            if (frameLengths is null || frameLengths.All(f => f >= t))
                return null; // every frame valid: identical to HF's all-ones mask, and faster
            var valid = tensor(frameLengths, device: Device);
            return arange(t, device: Device).unsqueeze(0).lt(valid.unsqueeze(1));
        }

        var (features, hidden) = model.Run(x, Mask);
        var outFeatures = features.to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
        var outHidden = hidden.Select(h => h.to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope()).ToList();
        var outLengths = frameLengths is null ? null : tensor(frameLengths, device: Device).MoveToOuterDisposeScope();
        return new SslOutput(outFeatures, outHidden, outLengths);
    }

    /// <summary>One waveform → batch of 1.</summary>
    public SslOutput Forward(float[] waveform)
    {
        using var x = tensor(waveform).unsqueeze(0);
        return Forward(x);
    }

    /// <summary>Waveforms of different lengths: zero-padded into one batch with their lengths.</summary>
    public SslOutput Forward(IReadOnlyList<float[]> waveforms)
    {
        if (waveforms.Count == 0)
            throw new ArgumentException("no waveforms");
        int max = waveforms.Max(w => w.Length);
        var padded = new float[waveforms.Count * (long)max];
        for (int i = 0; i < waveforms.Count; i++)
            waveforms[i].CopyTo(padded, (long)i * max);
        using var x = tensor(padded, [waveforms.Count, max]);
        using var lengths = tensor(waveforms.Select(w => (long)w.Length).ToArray());
        return Forward(x, lengths);
    }

    public void Dispose() => model.Dispose();
}
