namespace Layerwise.Analysis;

/// <summary>
/// The layer weights of one (training set, model, back-end) configuration, layer 1 first. <see cref="NumLayers"/>
/// is set when one table holds several depths (our sweeps); the paper's files have one full-depth row per
/// configuration.
/// </summary>
public sealed record LayerWeightRow(string TrainingSet, string Model, string Backend, IReadOnlyList<double> Weights, int? NumLayers = null)
{
    /// <summary>"TrainingSet" or, with a depth, "TrainingSet n=4".</summary>
    public string Label => NumLayers is null ? TrainingSet : $"{TrainingSet} n={NumLayers}";
}
