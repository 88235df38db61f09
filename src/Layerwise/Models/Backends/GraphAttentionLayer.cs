using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// AASIST's homogeneous graph attention layer (reference `GraphAttentionLayer`), x [B, N, in] → [B, N, out]:
/// input dropout 0.2; attention a_ij = softmax_j(tanh(att_proj(x_i ⊙ x_j))·att_weight / temperature);
/// proj_with_att(Σ_j a_ij x_j) + proj_without_att(x_i); BatchNorm1d over all nodes; SELU.
/// </summary>
public sealed class GraphAttentionLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    Parameter att_weight;
    readonly Linear att_proj;
    readonly Linear proj_with_att;
    readonly Linear proj_without_att;
    readonly BatchNorm1d bn;
#pragma warning restore IDE1006
    readonly double temperature;

    public GraphAttentionLayer(int inDim, int outDim, double temperature) : base(nameof(GraphAttentionLayer))
    {
        this.temperature = temperature;
        att_weight = new Parameter(empty(outDim, 1));
        nn.init.xavier_normal_(att_weight);
        att_proj = nn.Linear(inDim, outDim);
        proj_with_att = nn.Linear(inDim, outDim);
        proj_without_att = nn.Linear(inDim, outDim);
        bn = nn.BatchNorm1d(outDim);
        register_parameter("att_weight", att_weight);
        register_module("att_proj", att_proj);
        register_module("proj_with_att", proj_with_att);
        register_module("proj_without_att", proj_without_att);
        register_module("bn", bn);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.dropout(input, 0.2, training);
        // Pairwise node products [B, N, N, in] by broadcasting (the reference expands and transposes).
        var pairs = x.unsqueeze(2) * x.unsqueeze(1);
        var scores = matmul(tanh(att_proj.call(pairs)), att_weight).squeeze(-1) / temperature; // [B, N, N]
        var attention = nn.functional.softmax(scores, -1);
        var projected = proj_with_att.call(matmul(attention, x)) + proj_without_att.call(x);
        return nn.functional.selu(GraphOps.NodeBatchNorm(bn, projected)).MoveToOuterDisposeScope();
    }
}
