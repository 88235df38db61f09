using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// HF <c>encoder.pos_conv_embed</c>: grouped conv over time with "same" padding (one frame dropped for an
/// even kernel), then the activation. The checkpoint stores the conv weight weight-normalised over dim 2
/// (<c>weight_g</c>/<c>weight_v</c> or <c>parametrizations.weight.original0/1</c>); the loader folds it into
/// the plain <c>conv.weight</c> held here, so the forward pass is one ordinary conv.
/// </summary>
internal sealed class PositionalConvEmbedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    readonly Conv1d conv;
#pragma warning restore IDE1006
    readonly bool dropLast;
    readonly Func<Tensor, Tensor> activation;

    public PositionalConvEmbedding(SslConfig config) : base("pos_conv_embed")
    {
        int k = config.NumConvPosEmbeddings;
        conv = nn.Conv1d(config.HiddenSize, config.HiddenSize, k, padding: k / 2, groups: config.NumConvPosEmbeddingGroups);
        dropLast = k % 2 == 0;
        activation = Activations.Get(config.FeatExtractActivation);
        RegisterComponents();
    }

    /// <summary>[B, T, D] → [B, T, D] (the embedding only; the caller adds it).</summary>
    public override Tensor forward(Tensor hidden)
    {
        var x = hidden.transpose(1, 2).Then(conv.forward);
        if (dropLast)
            x = x.Then(c => c.narrow(2, 0, c.shape[2] - 1));
        return x.Then(activation).Then(a => a.transpose(1, 2));
    }

    /// <summary>Weight norm as torch computes it with dim=2: w = g · v / ‖v‖, the norm over dims 0 and 1 for each tap.</summary>
    public static Tensor WeightFromNorm(Tensor g, Tensor v)
    {
        var norm = v.pow(2).sum([0, 1], keepdim: true).sqrt();
        return v * (g / norm);
    }
}
