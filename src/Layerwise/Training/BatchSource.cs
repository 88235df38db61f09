using Layerwise.Features;
using TorchSharp;

namespace Layerwise.Training;

/// <summary>
/// Where a run's batches come from. For cached features of equal length that fit in <see cref="MaxPreloadBytes"/>
/// the whole set is loaded once into one [N, n, T, C] tensor on the training device, and a batch is one
/// <c>index_select</c> of it, instead of N loads, fp16→fp32 conversions, a stack and a device copy per batch
/// every epoch. The values are bit-for-bit those of <see cref="FeatureBatches.Build"/> (equal lengths need no
/// padding). Live (SSL-per-epoch) sources, unequal lengths and larger sets take the per-batch path.
/// </summary>
internal sealed class BatchSource : IDisposable
{
    /// <summary>Largest preloaded set (float32 bytes); the demo's sets are ~6 MB, an LA19-size set is far above.</summary>
    public const long MaxPreloadBytes = 256L << 20;

    readonly FeatureSet set;
    readonly int numLayers;
    readonly torch.Device device;
    readonly torch.Tensor? features;
    readonly torch.Tensor? labels;

    BatchSource(FeatureSet set, int numLayers, torch.Device device, torch.Tensor? features, torch.Tensor? labels)
    {
        this.set = set;
        this.numLayers = numLayers;
        this.device = device;
        this.features = features;
        this.labels = labels;
    }

    public bool Preloaded => features is not null;

    public static BatchSource For(FeatureSet set, int numLayers, torch.Device device)
    {
        var utterances = set.Utterances;
        if (set.Features is not CachedFeatureSource || utterances.Count == 0)
            return new BatchSource(set, numLayers, device, null, null);
        var items = new List<torch.Tensor>(utterances.Count);
        try
        {
            items.Add(set.Features.Load(utterances[0], numLayers));
            long bytes = items[0].numel() * sizeof(float) * utterances.Count;
            if (bytes > MaxPreloadBytes)
                return new BatchSource(set, numLayers, device, null, null);
            long frames = items[0].shape[1];
            for (int i = 1; i < utterances.Count; i++)
            {
                items.Add(set.Features.Load(utterances[i], numLayers));
                if (items[i].shape[1] != frames)
                    return new BatchSource(set, numLayers, device, null, null);
            }
            var x = torch.stack(items, 0);
            var moved = x.to(device);
            if (!ReferenceEquals(moved, x))
            {
                x.Dispose();
                x = moved;
            }
            var y = torch.tensor(utterances.Select(u => (long)u.Label).ToArray()).to(device);
            x.DetachFromDisposeScope();
            y.DetachFromDisposeScope();
            return new BatchSource(set, numLayers, device, x, y);
        }
        finally
        {
            foreach (var t in items)
                t.Dispose();
        }
    }

    /// <summary>The batch of <paramref name="indices"/> (positions in the set), as <see cref="FeatureBatches.Build"/> makes it.</summary>
    public (torch.Tensor X, torch.Tensor Y) Build(int[] indices)
    {
        if (features is null || labels is null)
            return FeatureBatches.Build(set, indices, numLayers, device);
        using var index = torch.tensor(indices.Select(i => (long)i).ToArray()).to(device);
        return (features.index_select(0, index), labels.index_select(0, index));
    }

    public void Dispose()
    {
        features?.Dispose();
        labels?.Dispose();
    }
}
