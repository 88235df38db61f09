using Layerwise.Data;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>Where training and evaluation get hidden states from: the cache (normal) or the SSL itself (cache-less).</summary>
public interface IFeatureSource
{
    /// <summary>Layers 1..MaxLayers are available.</summary>
    int MaxLayers { get; }

    int HiddenSize { get; }

    /// <summary>For run configs and logs, e.g. "cache:/path/key-folder (dataset demo)".</summary>
    string Description { get; }

    /// <summary>Layers 1..<paramref name="numLayers"/> of one utterance, float32 [n, T, C] on the CPU. The caller owns the tensor.</summary>
    torch.Tensor Load(Utterance utterance, int numLayers);
}
