using Layerwise.Models.Backends;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Tests.Engine;

/// <summary>A small back-end with the reference's aggregation (BatchNorm2d over the layer axis, softmax of
/// <c>weight_hidd</c> initialised to ones, weighted sum), then mean-pooling, dropout and a linear head.</summary>
internal sealed class TinyBackend : LayerwiseBackend
{
    readonly BatchNorm2d layer_bn;
    readonly Parameter weight_hidd;
    readonly Linear hidden_fc;
    readonly Dropout dropout;
    readonly Linear out_fc;

    public TinyBackend(BackendKind kind, int dim, int layers) : base("tiny_backend")
    {
        Kind = kind;
        FeatureDim = dim;
        NumLayers = layers;
        layer_bn = nn.BatchNorm2d(layers);
        weight_hidd = nn.Parameter(ones(layers));
        hidden_fc = nn.Linear(dim, 16);
        dropout = nn.Dropout(0.2);
        out_fc = nn.Linear(16, 2);
        RegisterComponents();
    }

    public static LayerwiseBackend Create(BackendKind kind, int dim, int layers) => new TinyBackend(kind, dim, layers);

    public override BackendKind Kind { get; }
    public override int FeatureDim { get; }
    public override int NumLayers { get; }

    public override Tensor LayerWeights() => nn.functional.softmax(weight_hidd.detach(), 0);

    public override Tensor RawLayerWeights() => weight_hidd.detach().clone();

    public override Tensor forward(Tensor x)
    {
        var f = layer_bn.forward(x); // [B, n, T, C]
        var w = nn.functional.softmax(weight_hidd, 0).view([1, -1, 1, 1]);
        var h = (f * w).sum(1).mean([1L]); // [B, C]
        return out_fc.forward(dropout.forward(nn.functional.relu(hidden_fc.forward(h))));
    }
}
