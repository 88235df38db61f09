using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>HF <c>feature_projection</c>: optional layer norm over the conv channels, then a linear map to the hidden size.</summary>
internal sealed class FeatureProjection : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    readonly LayerNorm? layer_norm;
    readonly Linear projection;
#pragma warning restore IDE1006

    public FeatureProjection(SslConfig config) : base("feature_projection")
    {
        if (config.HasFeatureProjectionLayerNorm)
            layer_norm = nn.LayerNorm(config.ExtractFeaturesDim, eps: config.LayerNormEps);
        projection = nn.Linear(config.ExtractFeaturesDim, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, T, C] → [B, T, D].</summary>
    public override Tensor forward(Tensor features) =>
        layer_norm is null ? Projection.Forward(projection, features) : layer_norm.forward(features).Then(h => Projection.Forward(projection, h));
}
