using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Pretraining;

/// <summary>
/// What HuBERT trains beside the encoder: the learned mask embedding that replaces masked frames (HF's
/// <c>masked_spec_embed</c>, kept in the checkpoint), the final projection of the last layer and one embedding per
/// k-means target (fairseq's <c>final_proj</c>, <c>label_embs_concat</c>; pretraining only). fairseq's initialisation:
/// uniform [0, 1) for both embeddings, from a seeded generator.
/// </summary>
internal sealed class PretrainingHead : nn.Module
{
#pragma warning disable IDE1006
    public readonly Parameter masked_spec_embed;
    public readonly Linear final_proj;
    public readonly Parameter label_embs_concat;
#pragma warning restore IDE1006

    public PretrainingHead(int hidden, int projection, int clusters, long seed) : base("pretraining_head")
    {
        var generator = new Generator((ulong)seed);
        masked_spec_embed = new Parameter(rand([hidden], generator: generator));
        final_proj = nn.Linear(hidden, projection);
        using (no_grad())
        {
            final_proj.weight!.normal_(0, 0.02, generator);
            final_proj.bias!.zero_();
        }
        label_embs_concat = new Parameter(rand([clusters, projection], generator: generator));
        RegisterComponents();
    }

    /// <summary>Projected features [B, T, D] with the frames where <paramref name="mask"/> [B, T] is true replaced by the mask embedding.</summary>
    public Tensor Mask(Tensor projected, Tensor mask) =>
        where(mask.unsqueeze(-1), masked_spec_embed.expand_as(projected), projected);
}
