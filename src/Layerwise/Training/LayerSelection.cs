using Layerwise.Data;
using Layerwise.Features;
using TorchSharp;

namespace Layerwise.Training;

/// <summary>
/// A run's layer selection (<see cref="RunSpec.Layers"/>): the back-end sees only the chosen layers, stacked in
/// order, so a back-end over [k] is a single-layer probe and one over 1..L without k a leave-one-out run. It is
/// applied to the feature sets, so the trainer, evaluation and back-ends are the ordinary ones.
/// </summary>
public static class LayerSelection
{
    /// <summary>Throws when <paramref name="layers"/> is empty, not ascending and distinct, or outside 1..<paramref name="numLayers"/>.</summary>
    public static void Check(IReadOnlyList<int> layers, int numLayers)
    {
        if (layers.Count == 0)
            throw new LayerwiseInputException("layer selection is empty");
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] < 1 || layers[i] > numLayers)
                throw new LayerwiseInputException($"layer selection [{Compact(layers)}]: layer {layers[i]} is outside 1..{numLayers} (n_layers)");
            if (i > 0 && layers[i] <= layers[i - 1])
                throw new LayerwiseInputException($"layer selection [{Compact(layers)}]: layers must be ascending and distinct");
        }
    }

    /// <summary>The feature set seen through the selection: layer i of the result is layer layers[i] of <paramref name="set"/>.</summary>
    public static FeatureSet Apply(FeatureSet set, IReadOnlyList<int> layers) =>
        set with { Features = new SelectedLayersSource(set.Features, layers.ToArray()) };

    /// <summary>Ranges joined by commas, e.g. [1,2,3,5,6] → "1-3,5-6"; [4] → "4".</summary>
    public static string Compact(IReadOnlyList<int> layers)
    {
        var parts = new List<string>();
        for (int i = 0; i < layers.Count;)
        {
            int j = i;
            while (j + 1 < layers.Count && layers[j + 1] == layers[j] + 1)
                j++;
            parts.Add(i == j ? $"{layers[i]}" : $"{layers[i]}-{layers[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    sealed class SelectedLayersSource(IFeatureSource inner, int[] layers) : IFeatureSource
    {
        public int MaxLayers => layers.Length;
        public int HiddenSize => inner.HiddenSize;
        public string Description => $"{inner.Description} layers [{Compact(layers)}]";

        public torch.Tensor Load(Utterance utterance, int numLayers)
        {
            if (numLayers < 1 || numLayers > layers.Length)
                throw new ArgumentException($"n_layers {numLayers} is outside 1..{layers.Length} of the selection");
            using var scope = torch.NewDisposeScope();
            var chosen = layers[..numLayers];
            var all = inner.Load(utterance, chosen[^1]);
            var picked = all.index_select(0, torch.tensor(chosen.Select(k => (long)k - 1).ToArray())).contiguous();
            return picked.MoveToOuterDisposeScope();
        }
    }
}
