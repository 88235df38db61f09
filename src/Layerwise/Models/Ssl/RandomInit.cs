using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// Seeded initialisation in the manner of Hugging Face's <c>_init_weights</c> for these models, drawn from a
/// private generator so the result depends on the seed only (not on other users of the global RNG).
/// Norms 1/0, biases 0, linear and embedding weights N(0, 0.02), conv stack He-normal, positional conv
/// N(0, 2/√(K·D)), WavLM gate constants 1.
/// </summary>
internal static class RandomInit
{
    const double InitializerRange = 0.02;

    public static void Apply(SslModel model, long seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.Contains("layer_norm.", StringComparison.Ordinal))
                p.fill_(name.EndsWith(".weight", StringComparison.Ordinal) ? 1.0 : 0.0);
            else if (name.EndsWith("gru_rel_pos_const", StringComparison.Ordinal))
                p.fill_(1.0);
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
                p.zero_();
            else if (name.StartsWith("feature_extractor.", StringComparison.Ordinal))
                p.normal_(0, Math.Sqrt(2.0 / (p.shape[1] * p.shape[2])), generator);
            else if (name.StartsWith("encoder.pos_conv_embed.", StringComparison.Ordinal))
                p.normal_(0, 2 * Math.Sqrt(1.0 / (p.shape[2] * p.shape[0])), generator);
            else
                p.normal_(0, InitializerRange, generator);
        }
    }
}
