namespace Layerwise.Hub;

/// <summary>How a snapshot stores its weights, in the order the hub client looks for them.</summary>
public enum WeightsFormat
{
    /// <summary>model.safetensors</summary>
    Safetensors,
    /// <summary>model.safetensors.index.json and the shards its weight_map names</summary>
    ShardedSafetensors,
    /// <summary>pytorch_model.bin (PyTorch zip/pickle)</summary>
    PytorchBin,
    /// <summary>one fairseq/unilm .pt research checkpoint and no config.json (architecture inside; put there by <c>hub import</c>)</summary>
    OriginalCheckpoint,
}
