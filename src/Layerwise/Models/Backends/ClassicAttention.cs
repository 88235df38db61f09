using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// The FFN's "classic attention" (reference `Classic_Attention(128, 128)`): a_t = softmax_t(tanh(lin_proj(x_t)·v)).
/// Input [B, T, D], output [B, T]. Parameter names `lin_proj.*` and `v` as in the reference.
/// </summary>
public sealed class ClassicAttention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are the reference's parameter names (state dicts load by name)
    readonly Linear lin_proj;
    Parameter v;
#pragma warning restore IDE1006

    public ClassicAttention(int inputDim, int embedDim) : base(nameof(ClassicAttention))
    {
        lin_proj = nn.Linear(inputDim, embedDim);
        v = new Parameter(randn(embedDim));
        register_module("lin_proj", lin_proj);
        register_parameter("v", v);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var scores = tanh(matmul(lin_proj.call(input), v));
        // The reference calls softmax without dim on the squeezed [B, T] scores: PyTorch's implicit dim is 1
        // (time) for 2-D and 0 for 1-D (B = 1), i.e. always time. Its T = 1, B > 1 case (softmax over the batch)
        // is a degenerate bug we do not reproduce.
        return nn.functional.softmax(scores, -1).MoveToOuterDisposeScope();
    }
}
