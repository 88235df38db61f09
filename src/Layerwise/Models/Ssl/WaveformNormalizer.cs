using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// Hugging Face Wav2Vec2FeatureExtractor's <c>do_normalize</c>: per utterance, over its valid samples,
/// (x − mean) / sqrt(var + 1e-7) with the population variance; padded samples are set to 0.
/// </summary>
public static class WaveformNormalizer
{
    public const double Epsilon = 1e-7;

    /// <summary>Normalises waveforms [B, S] (float); <paramref name="lengths"/> gives the valid samples per item (null: all).</summary>
    public static Tensor Normalize(Tensor waveforms, IReadOnlyList<long>? lengths = null)
    {
        using var scope = NewDisposeScope();
        var x = waveforms.to(ScalarType.Float64);
        long b = x.shape[0], s = x.shape[1];
        var len = lengths is null
            ? full(b, s, dtype: ScalarType.Int64, device: x.device)
            : tensor(lengths.ToArray(), device: x.device);
        var valid = arange(s, device: x.device).unsqueeze(0).lt(len.unsqueeze(1)); // [B, S]
        var count = len.to(ScalarType.Float64).unsqueeze(1);
        var mean = x.masked_fill(valid.logical_not(), 0.0).sum(1, keepdim: true) / count;
        var centred = (x - mean).masked_fill(valid.logical_not(), 0.0);
        var variance = centred.pow(2).sum(1, keepdim: true) / count;
        var y = centred / (variance + Epsilon).sqrt();
        return y.to(waveforms.dtype).MoveToOuterDisposeScope();
    }
}
