using TorchSharp;

namespace Layerwise.Models.Ssl;

/// <summary>
/// Per-layer outputs of an SSL front-end for a batch [B, samples]:
/// <see cref="ExtractFeatures"/> [B, T, conv_dim[-1]] (CNN output, before the projection's layer norm);
/// <see cref="Hidden"/>[0] the transformer input [B, T, D]; <see cref="Hidden"/>[k] the raw output of block k
/// (fairseq layer_results: for pre-LN models the last one is not passed through the final encoder layer norm).
/// </summary>
public sealed class SslOutput(torch.Tensor extractFeatures, IReadOnlyList<torch.Tensor> hidden, torch.Tensor? frameLengths = null) : IDisposable
{
    public torch.Tensor ExtractFeatures { get; } = extractFeatures;
    public IReadOnlyList<torch.Tensor> Hidden { get; } = hidden;

    /// <summary>Valid frames per item when lengths were given, else null.</summary>
    public torch.Tensor? FrameLengths { get; } = frameLengths;

    public void Dispose()
    {
        ExtractFeatures.Dispose();
        foreach (var h in Hidden)
            h.Dispose();
        FrameLengths?.Dispose();
    }
}
