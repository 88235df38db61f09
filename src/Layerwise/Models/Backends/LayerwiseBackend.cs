using TorchSharp;

namespace Layerwise.Models.Backends;

/// <summary>
/// A back-end over stacked layer features: input [B, n, T, C] (n = layers 1..n, the transformer input
/// excluded, as in the paper), output logits [B, 2] (index 0 spoof, 1 bona fide). It owns the per-layer
/// BatchNorm and the softmax layer weights.
/// </summary>
public abstract class LayerwiseBackend(string name) : torch.nn.Module<torch.Tensor, torch.Tensor>(name)
{
    /// <summary>Softmax of the raw layer weights, [n] (detached from the graph: for logging and reports).</summary>
    public abstract torch.Tensor LayerWeights();

    /// <summary>The raw (pre-softmax) layer weights `weight_hidd`, [n], detached copy: what the reference logs per epoch.</summary>
    public abstract torch.Tensor RawLayerWeights();

    /// <summary>Which of the paper's back-ends this is.</summary>
    public abstract BackendKind Kind { get; }

    /// <summary>Feature size C of the SSL hidden states the back-end was built for.</summary>
    public abstract int FeatureDim { get; }

    /// <summary>Number of stacked layers n the back-end was built for.</summary>
    public abstract int NumLayers { get; }

    /// <summary>Parameters that receive gradients (back-end, layer BatchNorm affine, weight_hidd), counted as
    /// the reference does: every element of every parameter with requires_grad, used in the graph or not.</summary>
    public long TrainableParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>
    /// Loads a state dict saved by the paper's code (torch.save(model.state_dict()) .pt/.pth/.bin, or
    /// .safetensors) by parameter name. Keys of the SSL front-end (`ssl.*`) and a DataParallel `module.`
    /// prefix are ignored; BatchNorm `num_batches_tracked` may be absent. Anything else missing, unexpected
    /// or of the wrong shape raises <see cref="BackendStateDictException"/> naming the file and the keys.
    /// </summary>
    public void LoadReferenceStateDict(string safetensorsOrPt) => ReferenceStateDict.LoadInto(this, safetensorsOrPt);
}
