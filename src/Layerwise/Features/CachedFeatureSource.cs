using System.Collections.Concurrent;
using Layerwise.Data;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>Serves one dataset's entries of a <see cref="FeatureCache"/>. With <paramref name="keepInMemory"/>
/// each entry is read from disk once and kept as an fp16 tensor (all stored layers), so a sweep's many
/// epochs and configurations touch the disk once per utterance.</summary>
public sealed class CachedFeatureSource(FeatureCache cache, string dataset, bool keepInMemory = false) : IFeatureSource, IDisposable
{
    readonly ConcurrentDictionary<string, torch.Tensor> memory = new();

    public FeatureCache Cache { get; } = cache;
    public string Dataset { get; } = dataset;
    public int MaxLayers => Cache.MaxLayers;
    public int HiddenSize => Cache.HiddenSize;
    public string Description => $"cache:{Cache.Folder} (dataset {Dataset})";

    public torch.Tensor Load(Utterance utterance, int numLayers)
    {
        if (!keepInMemory)
            return Cache.Read(Dataset, utterance.Id, numLayers);
        if (numLayers < 1 || numLayers > MaxLayers)
            throw new ArgumentException($"n_layers {numLayers} is outside 1..{MaxLayers}");
        var full = memory.GetOrAdd(utterance.Id, id =>
        {
            var half = Cache.Read(Dataset, id, MaxLayers, dtype: torch.ScalarType.Float16); // as stored: no round trip
            half.DetachFromDisposeScope();
            return half;
        });
        return full.narrow(0, 0, numLayers).to(torch.float32);
    }

    public void Dispose()
    {
        foreach (var t in memory.Values)
            t.Dispose();
        memory.Clear();
    }
}
