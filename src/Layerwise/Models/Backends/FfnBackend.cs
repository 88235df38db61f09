using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// The paper's FFN back-end (reference `FFN` in model.py, without its SSL part): layer aggregation →
/// LL(C→128), ReLU, LL2(128→128), ReLU → classic attention → attentive statistics pooling [mean ‖ var]
/// (256) → LL3(256→128), ReLU → LL4(128→2). No dropout.
/// Quirks kept: mean = (1/T)·Σ_t a_t·x_t (mean over time of the attention-weighted frames, not Σ_t a_t·x_t);
/// var = Σ_t a_t·x_t² − mean² (may be negative; no sqrt).
/// </summary>
public sealed class FfnBackend : LayerwiseBackend
{
#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    Parameter weight_hidd;
    readonly BatchNorm2d layer_norm;
    readonly Linear LL;
    readonly Linear LL2;
    readonly ClassicAttention attention_block;
    readonly Linear LL3;
    readonly Linear LL4;
#pragma warning restore IDE1006
    readonly int featureDim;
    readonly int numLayers;

    public FfnBackend(int featureDim, int numLayers) : base(nameof(FfnBackend))
    {
        BackendCatalog.CheckShape(featureDim, numLayers);
        this.featureDim = featureDim;
        this.numLayers = numLayers;
        weight_hidd = LayerAggregation.CreateWeights(numLayers);
        layer_norm = LayerAggregation.CreateNorm(numLayers);
        LL = nn.Linear(featureDim, 128);
        LL2 = nn.Linear(128, 128);
        attention_block = new ClassicAttention(128, 128);
        LL3 = nn.Linear(256, 128);
        LL4 = nn.Linear(128, 2);

        register_parameter("weight_hidd", weight_hidd);
        register_module("layer_norm", layer_norm);
        register_module("LL", LL);
        register_module("LL2", LL2);
        register_module("attention_block", attention_block);
        register_module("LL3", LL3);
        register_module("LL4", LL4);
    }

    public override BackendKind Kind => BackendKind.Ffn;
    public override int FeatureDim => featureDim;
    public override int NumLayers => numLayers;

    public override Tensor LayerWeights() => nn.functional.softmax(weight_hidd.detach(), 0);

    public override Tensor RawLayerWeights() => weight_hidd.detach().clone();

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = LayerAggregation.Apply(input, layer_norm, weight_hidd, featureDim);
        var x = nn.functional.relu(LL.call(h));
        x = nn.functional.relu(LL2.call(x));                      // [B, T, 128]
        var a = attention_block.call(x).unsqueeze(-1);          // [B, T, 1]
        var weighted = x * a;
        var mean = weighted.mean([1]);
        var variance = (x * weighted).sum(1) - mean * mean;
        var pooled = cat([mean, variance], 1);                  // [B, 256]
        var logits = LL4.call(nn.functional.relu(LL3.call(pooled)));
        return logits.MoveToOuterDisposeScope();
    }
}
