using TorchSharp;

namespace Layerwise.Models.Backends;

/// <summary>
/// A back-end over stacked layer features: input [B, n, T, C] (n = layers 1..n, the transformer input
/// excluded, as in the paper), output logits [B, 2] (index 0 spoof, 1 bona fide). It owns the per-layer
/// BatchNorm and the softmax layer weights.
/// </summary>
public abstract class LayerwiseBackend(string name) : torch.nn.Module<torch.Tensor, torch.Tensor>(name)
{
    /// <summary>Softmax of the raw layer weights, [n].</summary>
    public abstract torch.Tensor LayerWeights();
}
