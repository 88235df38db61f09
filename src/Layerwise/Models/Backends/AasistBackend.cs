using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// The paper's AASIST back-end (reference `AASIST` in model.py, without its SSL part; the SSL-AASIST of
/// Tak et al. after the layer aggregation). Fixed sizes: filters [1,32],[32,32],[32,64],[64,64]×3,
/// gat_dims [64, 32], pool ratios 0.5, temperatures 2, 2, 100, 100, 42 spectral nodes (`pos_S`).
/// Path: aggregation → LL(C→128) → [B,1,128,T] → max_pool2d(3,3) → first_bn, SELU → 6 residual blocks →
/// first_bn1, SELU → attention (1×1 convs) → spectral (softmax over time) and temporal (softmax over
/// frequency) node features → GAT + pool per branch → two heterogeneous inference branches with master
/// nodes → element-wise max of the branches → [max|x|, mean] of T and S nodes + master (160) →
/// dropout 0.5 → out_layer (160→2). Dropouts: drop_way 0.2 on branch outputs, 0.3 in pools, 0.2 in graph layers.
/// Quirks kept: see <see cref="ResidualBlock"/> (bn1 discarded) and <see cref="HeteroGraphAttentionLayer"/>
/// (unexpanded master parameter).
/// </summary>
public sealed class AasistBackend : LayerwiseBackend
{
    const int SpectralNodes = 42;   // 128 LL outputs / max-pool 3
    const int GatDim0 = 64;
    const int GatDim1 = 32;

#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    Parameter weight_hidd;
    Parameter pos_S;
    Parameter master1;
    Parameter master2;
    readonly BatchNorm2d layer_norm;
    readonly Linear LL;
    readonly BatchNorm2d first_bn;
    readonly BatchNorm2d first_bn1;
    readonly Sequential encoder;
    readonly Sequential attention;
    readonly GraphAttentionLayer GAT_layer_S;
    readonly GraphAttentionLayer GAT_layer_T;
    readonly HeteroGraphAttentionLayer HtrgGAT_layer_ST11;
    readonly HeteroGraphAttentionLayer HtrgGAT_layer_ST12;
    readonly HeteroGraphAttentionLayer HtrgGAT_layer_ST21;
    readonly HeteroGraphAttentionLayer HtrgGAT_layer_ST22;
    readonly GraphPool pool_S;
    readonly GraphPool pool_T;
    readonly GraphPool pool_hS1;
    readonly GraphPool pool_hT1;
    readonly GraphPool pool_hS2;
    readonly GraphPool pool_hT2;
    readonly Linear out_layer;
#pragma warning restore IDE1006
    readonly int featureDim;
    readonly int numLayers;

    public AasistBackend(int featureDim, int numLayers) : base(nameof(AasistBackend))
    {
        BackendCatalog.CheckShape(featureDim, numLayers);
        this.featureDim = featureDim;
        this.numLayers = numLayers;

        weight_hidd = LayerAggregation.CreateWeights(numLayers);
        pos_S = new Parameter(randn(1, SpectralNodes, GatDim0));
        master1 = new Parameter(randn(1, 1, GatDim0));
        master2 = new Parameter(randn(1, 1, GatDim0));
        layer_norm = LayerAggregation.CreateNorm(numLayers);
        LL = nn.Linear(featureDim, 128);
        first_bn = nn.BatchNorm2d(1);
        first_bn1 = nn.BatchNorm2d(64);
        // Each block sits in its own one-element Sequential, as in the reference (keys encoder.i.0.*).
        encoder = nn.Sequential(
            nn.Sequential(new ResidualBlock(1, 32, first: true)),
            nn.Sequential(new ResidualBlock(32, 32, first: false)),
            nn.Sequential(new ResidualBlock(32, 64, first: false)),
            nn.Sequential(new ResidualBlock(64, 64, first: false)),
            nn.Sequential(new ResidualBlock(64, 64, first: false)),
            nn.Sequential(new ResidualBlock(64, 64, first: false)));
        attention = nn.Sequential(
            nn.Conv2d(64, 128, kernel_size: (1, 1)),
            nn.SELU(),
            nn.BatchNorm2d(128),
            nn.Conv2d(128, 64, kernel_size: (1, 1)));
        GAT_layer_S = new GraphAttentionLayer(64, GatDim0, temperature: 2.0);
        GAT_layer_T = new GraphAttentionLayer(64, GatDim0, temperature: 2.0);
        HtrgGAT_layer_ST11 = new HeteroGraphAttentionLayer(GatDim0, GatDim1, temperature: 100.0);
        HtrgGAT_layer_ST12 = new HeteroGraphAttentionLayer(GatDim1, GatDim1, temperature: 100.0);
        HtrgGAT_layer_ST21 = new HeteroGraphAttentionLayer(GatDim0, GatDim1, temperature: 100.0);
        HtrgGAT_layer_ST22 = new HeteroGraphAttentionLayer(GatDim1, GatDim1, temperature: 100.0);
        pool_S = new GraphPool(0.5, GatDim0, 0.3);
        pool_T = new GraphPool(0.5, GatDim0, 0.3);
        pool_hS1 = new GraphPool(0.5, GatDim1, 0.3);
        pool_hT1 = new GraphPool(0.5, GatDim1, 0.3);
        pool_hS2 = new GraphPool(0.5, GatDim1, 0.3);
        pool_hT2 = new GraphPool(0.5, GatDim1, 0.3);
        out_layer = nn.Linear(5 * GatDim1, 2);

        register_parameter("weight_hidd", weight_hidd);
        register_parameter("pos_S", pos_S);
        register_parameter("master1", master1);
        register_parameter("master2", master2);
        register_module("layer_norm", layer_norm);
        register_module("LL", LL);
        register_module("first_bn", first_bn);
        register_module("first_bn1", first_bn1);
        register_module("encoder", encoder);
        register_module("attention", attention);
        register_module("GAT_layer_S", GAT_layer_S);
        register_module("GAT_layer_T", GAT_layer_T);
        register_module("HtrgGAT_layer_ST11", HtrgGAT_layer_ST11);
        register_module("HtrgGAT_layer_ST12", HtrgGAT_layer_ST12);
        register_module("HtrgGAT_layer_ST21", HtrgGAT_layer_ST21);
        register_module("HtrgGAT_layer_ST22", HtrgGAT_layer_ST22);
        register_module("pool_S", pool_S);
        register_module("pool_T", pool_T);
        register_module("pool_hS1", pool_hS1);
        register_module("pool_hT1", pool_hT1);
        register_module("pool_hS2", pool_hS2);
        register_module("pool_hT2", pool_hT2);
        register_module("out_layer", out_layer);
    }

    public override BackendKind Kind => BackendKind.Aasist;
    public override int FeatureDim => featureDim;
    public override int NumLayers => numLayers;

    /// <summary>Fewest frames the AASIST path accepts: the 3×3 max-pool needs at least one output column.</summary>
    public const int MinFrames = 3;

    public override Tensor LayerWeights() => nn.functional.softmax(weight_hidd.detach(), 0);

    public override Tensor RawLayerWeights() => weight_hidd.detach().clone();

    public override Tensor forward(Tensor input)
    {
        if (input.dim() == 4 && input.shape[2] < MinFrames)
            throw new ArgumentException($"AASIST back-end needs at least {MinFrames} frames; got T = {input.shape[2]}");
        using var scope = NewDisposeScope();
        var h = LayerAggregation.Apply(input, layer_norm, weight_hidd, featureDim);

        // Front: [B, T, 128] → [B, 1, 128, T] → max-pool 3×3 → [B, 1, 42, T/3].
        var x = LL.call(h).transpose(1, 2).unsqueeze(1);
        x = nn.functional.max_pool2d(x, [3, 3]);
        x = nn.functional.selu(first_bn.call(x));
        x = encoder.call(x);
        x = nn.functional.selu(first_bn1.call(x));                     // [B, 64, 42, T']
        var w = attention.call(x);

        // Spectral nodes: attention over time; temporal nodes: attention over frequency.
        var eS = (x * nn.functional.softmax(w, -1)).sum(-1).transpose(1, 2) + pos_S;   // [B, 42, 64]
        var outS = pool_S.call(GAT_layer_S.call(eS));
        var eT = (x * nn.functional.softmax(w, -2)).sum(-2).transpose(1, 2);           // [B, T', 64]
        var outT = pool_T.call(GAT_layer_T.call(eT));

        var (t1, s1, m1) = Branch(HtrgGAT_layer_ST11, HtrgGAT_layer_ST12, pool_hS1, pool_hT1, outT, outS, master1);
        var (t2, s2, m2) = Branch(HtrgGAT_layer_ST21, HtrgGAT_layer_ST22, pool_hS2, pool_hT2, outT, outS, master2);

        var nodesT = maximum(DropWay(t1), DropWay(t2));
        var nodesS = maximum(DropWay(s1), DropWay(s2));
        var master = maximum(DropWay(m1), DropWay(m2));

        var readout = cat([
            nodesT.abs().amax([1]), nodesT.mean([1]),
            nodesS.abs().amax([1]), nodesS.mean([1]),
            master.squeeze(1)], 1);                                  // [B, 160]
        var logits = out_layer.call(nn.functional.dropout(readout, 0.5, training));
        return logits.MoveToOuterDisposeScope();
    }

    Tensor DropWay(Tensor t) => nn.functional.dropout(t, 0.2, training);

    /// <summary>One inference branch: HS-GAL, pools, a second HS-GAL added residually.</summary>
    static (Tensor T, Tensor S, Tensor Master) Branch(
        HeteroGraphAttentionLayer first, HeteroGraphAttentionLayer second, GraphPool poolS, GraphPool poolT,
        Tensor outT, Tensor outS, Tensor masterParameter)
    {
        var (t, s, m) = first.Forward(outT, outS, masterParameter);
        s = poolS.call(s);
        t = poolT.call(t);
        var (tAug, sAug, mAug) = second.Forward(t, s, m);
        return (t + tAug, s + sAug, m + mAug);
    }
}
