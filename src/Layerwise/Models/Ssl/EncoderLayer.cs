using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// HF <c>encoder.layers.i</c>. Post-LN (base models): x = LN(x + attn(x)); x = final_LN(x + ff(x)).
/// Pre-LN ("stable layer norm", large models): x = x + attn(LN(x)); x = x + ff(final_LN(x)).
/// </summary>
internal sealed class EncoderLayer : nn.Module
{
#pragma warning disable IDE1006
    readonly SelfAttention attention;
    readonly LayerNorm layer_norm;
    readonly FeedForward feed_forward;
    readonly LayerNorm final_layer_norm;
#pragma warning restore IDE1006
    readonly bool preLn;

    public EncoderLayer(SslConfig config, int index) : base($"layers.{index}")
    {
        attention = new SelfAttention(config, index);
        layer_norm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        feed_forward = new FeedForward(config);
        final_layer_norm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        preLn = config.DoStableLayerNorm;
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, EncoderContext context)
    {
        // x (the previous hidden state) is kept by the caller; the block's intermediates are freed as it goes.
        if (preLn)
        {
            var h = layer_norm.forward(x).Then(n => attention.Forward(n, context)).Then(a => a.add_(x));
            return final_layer_norm.forward(h).Then(feed_forward.forward).Then(f => f.add_(h)).Freeing(h);
        }
        var y = attention.Forward(x, context).Then(a => a.add_(x)).Then(layer_norm.forward);
        return feed_forward.forward(y).Then(f => f.add_(y)).Then(final_layer_norm.forward).Freeing(y);
    }

    /// <summary>The block's six projections in int8 (<see cref="Int8Linear"/>).</summary>
    public void QuantizeInt8()
    {
        attention.QuantizeInt8();
        feed_forward.QuantizeInt8();
    }
}
