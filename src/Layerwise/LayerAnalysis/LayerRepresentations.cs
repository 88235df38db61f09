using Layerwise.Data;
using Layerwise.Features;
using TorchSharp;

namespace Layerwise.LayerAnalysis;

/// <summary>What one row of a layer's representation is: an utterance (mean over frames) or a sampled frame.</summary>
public enum RepresentationUnit
{
    /// <summary>One row per utterance: its frames averaged (what the pooled back-ends see after pooling).</summary>
    Pooled,

    /// <summary>Up to <c>framesPerUtterance</c> frames per utterance at evenly spaced positions, the same positions in every layer.</summary>
    Frames,
}

/// <summary>
/// Per-layer representations [rows, C] of a set of utterances read from a feature source (the cache): the input
/// to <see cref="Cka"/>. Rows are aligned across layers (and across models, when two sources hold the same
/// utterances at the same frame rate), which is what CKA compares. Reads each utterance once; no SSL runs.
/// </summary>
public static class LayerRepresentations
{
    /// <summary>Layers 1..<paramref name="numLayers"/> of <paramref name="utterances"/>: one float64 tensor [rows, C] per layer (caller disposes).</summary>
    public static IReadOnlyList<torch.Tensor> Read(IFeatureSource source, IReadOnlyList<Utterance> utterances, int numLayers,
        RepresentationUnit unit = RepresentationUnit.Pooled, int framesPerUtterance = 8)
    {
        if (utterances.Count < 2)
            throw new LayerwiseInputException($"layer similarity needs at least 2 utterances (got {utterances.Count})");
        if (numLayers < 1 || numLayers > source.MaxLayers)
            throw new LayerwiseInputException($"n_layers {numLayers} is outside 1..{source.MaxLayers} available from {source.Description}");
        if (framesPerUtterance < 1)
            throw new ArgumentOutOfRangeException(nameof(framesPerUtterance), framesPerUtterance, "at least one frame per utterance");
        var parts = new List<torch.Tensor>(utterances.Count);
        try
        {
            foreach (var u in utterances)
            {
                using var scope = torch.NewDisposeScope();
                var f = source.Load(u, numLayers).to(torch.float64); // [n, T, C]
                var rows = unit == RepresentationUnit.Pooled ? f.mean([1], keepdim: true) : f.index_select(1, FramePositions(f.shape[1], framesPerUtterance));
                parts.Add(rows.MoveToOuterDisposeScope());
            }
            using var all = torch.cat(parts, 1); // [n, rows, C]
            return Enumerable.Range(0, numLayers).Select(k => all[k].clone()).ToList();
        }
        finally
        {
            foreach (var p in parts)
                p.Dispose();
        }
    }

    /// <summary>Evenly spaced frame indices (all frames when there are fewer than asked for).</summary>
    internal static torch.Tensor FramePositions(long frames, int count)
    {
        if (frames <= count)
            return torch.arange(frames);
        var idx = Enumerable.Range(0, count).Select(i => (long)Math.Floor((i + 0.5) * frames / count)).ToArray();
        return torch.tensor(idx);
    }
}
