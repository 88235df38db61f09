using Layerwise.Data;
using Layerwise.Features;

namespace Layerwise.Training;

/// <summary>A named list of utterances and where their features come from (e.g. "LA19" eval from the cache).</summary>
public sealed record FeatureSet(string Name, IReadOnlyList<Utterance> Utterances, IFeatureSource Features);
