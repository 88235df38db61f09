using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// AASIST graph pooling (reference `GraphPool`): scores = sigmoid(proj(dropout(h))), keep the top
/// max(⌊N·k⌋, 1) nodes (in descending score order) of h·scores. Dropout (p) only affects the scores.
/// </summary>
public sealed class GraphPool : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    readonly Linear proj;
#pragma warning restore IDE1006
    readonly double ratio;
    readonly double dropout;

    public GraphPool(double ratio, int inDim, double dropout) : base(nameof(GraphPool))
    {
        this.ratio = ratio;
        this.dropout = dropout;
        proj = nn.Linear(inDim, 1);
        register_module("proj", proj);
    }

    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var z = dropout > 0 ? nn.functional.dropout(h, dropout, training) : h;
        var scores = sigmoid(proj.call(z));                                    // [B, N, 1]
        long nodes = h.shape[1], features = h.shape[2];
        long keep = Math.Max((long)(nodes * ratio), 1);
        var (_, index) = scores.topk((int)keep, dim: 1);                     // [B, keep, 1]
        var gathered = (h * scores).gather(1, index.expand(-1, -1, features));
        return gathered.MoveToOuterDisposeScope();
    }
}
