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

    /// <summary>
    /// Hidden states <paramref name="first"/>..first+count−1 stacked as [B, n, T, D] (the paper's layout: by default
    /// hidden_1..hidden_N, the transformer blocks' outputs, without the transformer input hidden_0).
    /// </summary>
    public torch.Tensor StackLayers(int first = 1, int? count = null)
    {
        int n = count ?? Hidden.Count - first;
        if (first < 0 || n < 1 || first + n > Hidden.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"layers {first}..{first + n - 1} are not within 0..{Hidden.Count - 1}");
        return torch.stack(Hidden.Skip(first).Take(n), dim: 1);
    }

    public void Dispose()
    {
        ExtractFeatures.Dispose();
        foreach (var h in Hidden)
            h.Dispose();
        FrameLengths?.Dispose();
    }
}
