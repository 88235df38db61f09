using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>HF <c>feed_forward</c>: intermediate_dense → activation → output_dense (dropouts are identities in eval).</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    readonly Linear intermediate_dense;
    readonly Linear output_dense;
#pragma warning restore IDE1006
    readonly Func<Tensor, Tensor> activation;

    public FeedForward(SslConfig config) : base("feed_forward")
    {
        intermediate_dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        output_dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        activation = Activations.Get(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        intermediate_dense.forward(x).Then(activation).Then(output_dense.forward);
}
