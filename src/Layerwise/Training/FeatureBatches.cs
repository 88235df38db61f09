using TorchSharp;

namespace Layerwise.Training;

/// <summary>Builds [B, n, T, C] batches from a feature set; unequal lengths are zero-padded to the longest in the
/// batch with no mask. This is NOT the reference's full-length mode: its collate function pads the *waveforms* and
/// runs the SSL on the padded batch, so padding frames carry SSL outputs, not zeros. Caches extracted per utterance
/// differ from it there; Features.PaddedBatchExtraction reproduces the reference's features for fixed batches.</summary>
internal static class FeatureBatches
{
    public static (torch.Tensor X, torch.Tensor Y) Build(FeatureSet set, IReadOnlyList<int> indices, int numLayers, torch.Device device)
    {
        var items = new List<torch.Tensor>(indices.Count);
        var labels = new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            var u = set.Utterances[indices[i]];
            items.Add(set.Features.Load(u, numLayers));
            labels[i] = (long)u.Label;
        }
        long maxT = items.Max(t => t.shape[1]);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].shape[1] < maxT)
                items[i] = torch.nn.functional.pad(items[i], [0, 0, 0, maxT - items[i].shape[1]]);
        }
        var x = torch.stack(items, 0).to(device);
        var y = torch.tensor(labels).to(device);
        return (x, y);
    }

    public static IEnumerable<int[]> Chunks(int[] order, int batchSize)
    {
        for (int i = 0; i < order.Length; i += batchSize)
            yield return order[i..Math.Min(order.Length, i + batchSize)];
    }
}
