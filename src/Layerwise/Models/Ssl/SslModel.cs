using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// The network itself, with Hugging Face's module names (<c>feature_extractor</c>, <c>feature_projection</c>,
/// <c>encoder</c>) so that a checkpoint's state dict, once its <c>wav2vec2.</c>/<c>hubert.</c>/<c>wavlm.</c>
/// prefix is stripped, loads by name. Only the first <see cref="NumLayers"/> blocks exist.
/// </summary>
internal sealed class SslModel : nn.Module
{
#pragma warning disable IDE1006
    readonly FeatureExtractor feature_extractor;
    readonly FeatureProjection feature_projection;
    readonly Encoder encoder;
#pragma warning restore IDE1006

    public SslConfig Config { get; }
    public int NumLayers { get; }

    public SslModel(SslConfig config, int numLayers) : base("ssl_model")
    {
        Config = config;
        NumLayers = numLayers;
        feature_extractor = new FeatureExtractor(config);
        feature_projection = new FeatureProjection(config);
        encoder = new Encoder(config, numLayers);
        RegisterComponents();
    }

    /// <summary>
    /// Waveforms [B, S] (model dtype, on the model's device) → extract_features [B, T, C] and
    /// [hidden_0 .. hidden_N], each [B, T, D]. <paramref name="frameMask"/>: bool [B, T] of valid frames, or null.
    /// <paramref name="maskProjected"/> (pretraining only) replaces the projected features [B, T, D] before the
    /// encoder, as HuBERT's span masking does (see Pretraining.SpanMask).
    /// </summary>
    public (Tensor ExtractFeatures, List<Tensor> Hidden) Run(Tensor waveforms, Func<long, Tensor?> frameMask,
        Func<Tensor, Tensor>? maskProjected = null)
    {
        var features = feature_extractor.forward(waveforms).Then(f => f.contiguous());
        var mask = frameMask(features.shape[1]);
        var projected = feature_projection.forward(features);
        if (maskProjected is not null)
            projected = projected.Then(maskProjected);
        var hidden = encoder.Forward(projected, mask);
        projected.Dispose(); // hidden_0 is computed from it; the caller keeps features and hidden
        return (features, hidden);
    }

    /// <summary>
    /// Dynamic int8 quantization (<see cref="Int8Linear"/>) of every block's six projections. The conv stack stays
    /// float32: one scale per tensor gives quiet frames (silence) the same absolute rounding as loud ones, and the
    /// feature projection's LayerNorm rescales every frame to unit size, so their 50–65 % error spread through the
    /// model (pretrained-demo: hidden_0 moved by 40 %, each conv alone by 1–1.7 %). Block inputs are already
    /// normalised per frame, so there one scale fits every frame (hidden_4 within 1.2 %).
    /// </summary>
    public void QuantizeInt8() => encoder.QuantizeInt8();
}
