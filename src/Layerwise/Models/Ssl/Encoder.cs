using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// HF <c>encoder</c>, truncated to the first <c>numLayers</c> blocks (the others are never built).
/// Post-LN models apply <c>layer_norm</c> to the transformer input; pre-LN models would apply it after the
/// last block, which fairseq's layer_results (our hidden states) do not, so it is not built for them.
/// </summary>
internal sealed class Encoder : nn.Module
{
#pragma warning disable IDE1006
    readonly PositionalConvEmbedding pos_conv_embed;
    readonly LayerNorm? layer_norm;
    readonly ModuleList<EncoderLayer> layers = new();
#pragma warning restore IDE1006

    public Encoder(SslConfig config, int numLayers) : base("encoder")
    {
        pos_conv_embed = new PositionalConvEmbedding(config);
        if (!config.DoStableLayerNorm)
            layer_norm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        for (int i = 0; i < numLayers; i++)
            layers.Add(new EncoderLayer(config, i));
        RegisterComponents();
    }

    /// <summary>
    /// Hidden states [hidden_0, hidden_1..hidden_N] for projected features [B, T, D];
    /// <paramref name="frameMask"/> bool [B, T] (true = valid) or null.
    /// </summary>
    public List<Tensor> Forward(Tensor x, Tensor? frameMask)
    {
        // x belongs to the caller; what is computed from it here is freed once used.
        if (frameMask is not null)
            x = x.masked_fill(frameMask.logical_not().unsqueeze(-1), 0.0); // HF zeroes padded frames before the positional conv
        var input = x;
        x = pos_conv_embed.forward(input).Then(p => input + p); // not in place: the embedding is a transposed view, the sum is contiguous
        if (frameMask is not null)
            input.Dispose();
        if (layer_norm is not null)
            x = x.Then(layer_norm.forward);
        var hidden = new List<Tensor>(layers.Count + 1) { x };
        var context = new EncoderContext { KeyMask = frameMask?.unsqueeze(1).unsqueeze(1) };
        foreach (var layer in layers)
        {
            x = layer.Forward(x, context);
            hidden.Add(x);
        }
        return hidden;
    }

    /// <summary>Every block's projections in int8; the positional conv (grouped) and the norms stay float32.</summary>
    public void QuantizeInt8()
    {
        foreach (var layer in layers)
            layer.QuantizeInt8();
    }
}
