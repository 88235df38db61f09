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
    Int8Linear? intermediate8, output8; // set by QuantizeInt8

    public FeedForward(SslConfig config) : base("feed_forward")
    {
        intermediate_dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        output_dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        activation = Activations.Get(config.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        Projection.Forward(intermediate_dense, intermediate8, x).Then(activation).Then(h => Projection.Forward(output_dense, output8, h));

    /// <summary>Runs both dense layers in int8 from now on (their float weights are released).</summary>
    public void QuantizeInt8()
    {
        intermediate8 ??= Int8Linear.Of(intermediate_dense);
        output8 ??= Int8Linear.Of(output_dense);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            intermediate8?.Dispose();
            output8?.Dispose();
        }
        base.Dispose(disposing);
    }
}
