using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Pretraining;

/// <summary>
/// HuBERT's masked-prediction loss: logits are the cosine similarities between each masked frame's projection and
/// every target (cluster) embedding, divided by the temperature (0.1); the loss is the mean cross-entropy against the
/// frames' k-means targets. This is fairseq's <c>compute_nce</c> with all other clusters as negatives, written as a
/// K-way softmax.
/// </summary>
public static class MaskedPredictionLoss
{
    public const double Temperature = 0.1;

    /// <summary>[N, P] projections, [K, P] embeddings → [N, K] logits.</summary>
    public static Tensor Logits(Tensor projected, Tensor embeddings, double temperature = Temperature) =>
        nn.functional.cosine_similarity(projected.unsqueeze(1), embeddings.unsqueeze(0), dim: -1).div_(temperature);

    /// <summary>Mean cross-entropy over the N frames, and how many of them have the target as the top logit.</summary>
    public static (Tensor Loss, long Correct) Compute(Tensor projected, Tensor embeddings, Tensor targets, double temperature = Temperature)
    {
        using var logits = Logits(projected, embeddings, temperature);
        var loss = nn.functional.cross_entropy(logits, targets);
        using var predicted = logits.argmax(1);
        using var hits = predicted.eq(targets);
        return (loss, hits.sum().item<long>());
    }
}
