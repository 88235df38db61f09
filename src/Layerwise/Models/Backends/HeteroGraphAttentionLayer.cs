using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// AASIST's heterogeneous stacking graph attention layer (reference `HtrgGraphAttentionLayer`) over two node
/// types (x1: temporal, x2: spectral) plus a master node. Nodes are projected per type (proj_type1/2, in→in),
/// concatenated, dropped out (0.2), then attended with type-pair weights (att_weight11 within type 1,
/// att_weight22 within type 2, att_weight12 for both cross directions), temperature-scaled, softmax over the
/// neighbour; the master node attends to all nodes (att_projM / att_weightM). BatchNorm1d + SELU on the nodes
/// (not on the master). Returns (x1', x2', master').
/// Quirk kept: the model passes the unexpanded [1, 1, in] master parameter; broadcasting makes it [B, 1, out].
/// </summary>
public sealed class HeteroGraphAttentionLayer : nn.Module
{
#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    Parameter att_weight11;
    Parameter att_weight22;
    Parameter att_weight12;
    Parameter att_weightM;
    readonly Linear proj_type1;
    readonly Linear proj_type2;
    readonly Linear att_proj;
    readonly Linear att_projM;
    readonly Linear proj_with_att;
    readonly Linear proj_without_att;
    readonly Linear proj_with_attM;
    readonly Linear proj_without_attM;
    readonly BatchNorm1d bn;
#pragma warning restore IDE1006
    readonly double temperature;

    public HeteroGraphAttentionLayer(int inDim, int outDim, double temperature) : base(nameof(HeteroGraphAttentionLayer))
    {
        this.temperature = temperature;
        att_weight11 = NewAttentionWeight(outDim);
        att_weight22 = NewAttentionWeight(outDim);
        att_weight12 = NewAttentionWeight(outDim);
        att_weightM = NewAttentionWeight(outDim);
        proj_type1 = nn.Linear(inDim, inDim);
        proj_type2 = nn.Linear(inDim, inDim);
        att_proj = nn.Linear(inDim, outDim);
        att_projM = nn.Linear(inDim, outDim);
        proj_with_att = nn.Linear(inDim, outDim);
        proj_without_att = nn.Linear(inDim, outDim);
        proj_with_attM = nn.Linear(inDim, outDim);
        proj_without_attM = nn.Linear(inDim, outDim);
        bn = nn.BatchNorm1d(outDim);

        register_parameter("att_weight11", att_weight11);
        register_parameter("att_weight22", att_weight22);
        register_parameter("att_weight12", att_weight12);
        register_parameter("att_weightM", att_weightM);
        register_module("proj_type1", proj_type1);
        register_module("proj_type2", proj_type2);
        register_module("att_proj", att_proj);
        register_module("att_projM", att_projM);
        register_module("proj_with_att", proj_with_att);
        register_module("proj_without_att", proj_without_att);
        register_module("proj_with_attM", proj_with_attM);
        register_module("proj_without_attM", proj_without_attM);
        register_module("bn", bn);
    }

    static Parameter NewAttentionWeight(int outDim)
    {
        var p = new Parameter(empty(outDim, 1));
        nn.init.xavier_normal_(p);
        return p;
    }

    /// <summary>x1 [B, N1, in], x2 [B, N2, in], master [1 or B, 1, in] (null: mean of the projected nodes).</summary>
    public (Tensor X1, Tensor X2, Tensor Master) Forward(Tensor x1, Tensor x2, Tensor? master)
    {
        using var scope = NewDisposeScope();
        long n1 = x1.shape[1], n2 = x2.shape[1];
        var x = cat([proj_type1.call(x1), proj_type2.call(x2)], 1);
        master ??= x.mean([1], keepdim: true);
        x = nn.functional.dropout(x, 0.2, training);

        var attention = NodeAttention(x, n1);
        var newMaster = UpdateMaster(x, master);
        var projected = proj_with_att.call(matmul(attention, x)) + proj_without_att.call(x);
        var nodes = nn.functional.selu(GraphOps.NodeBatchNorm(bn, projected));

        return (nodes.narrow(1, 0, n1).MoveToOuterDisposeScope(),
                nodes.narrow(1, n1, n2).MoveToOuterDisposeScope(),
                newMaster.MoveToOuterDisposeScope());
    }

    /// <summary>[B, N, N] attention, softmax over the neighbour j; the four type blocks use 11, 12, 12, 22.</summary>
    Tensor NodeAttention(Tensor x, long n1)
    {
        var hidden = tanh(att_proj.call(x.unsqueeze(2) * x.unsqueeze(1)));          // [B, N, N, out]
        // One GEMM against the three weight vectors, then pick the right one per block.
        var s = matmul(hidden, cat([att_weight11, att_weight12, att_weight22], 1)); // [B, N, N, 3]
        var top = cat([s[.., ..(int)n1, ..(int)n1, 0], s[.., ..(int)n1, (int)n1.., 1]], 2);
        var bottom = cat([s[.., (int)n1.., ..(int)n1, 1], s[.., (int)n1.., (int)n1.., 2]], 2);
        var board = cat([top, bottom], 1) / temperature;
        return nn.functional.softmax(board, -1);
    }

    /// <summary>Master node update: attention over all nodes of (x ⊙ master), then with/without-attention projections.</summary>
    Tensor UpdateMaster(Tensor x, Tensor master)
    {
        var scores = matmul(tanh(att_projM.call(x * master)), att_weightM) / temperature; // [B, N, 1]
        var attention = nn.functional.softmax(scores, -2);
        var attended = matmul(attention.transpose(1, 2), x);                              // [B, 1, in]
        return proj_with_attM.call(attended) + proj_without_attM.call(master);
    }
}
