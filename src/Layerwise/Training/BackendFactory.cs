using Layerwise.Models.Backends;

namespace Layerwise.Training;

/// <summary>Builds a fresh back-end for <paramref name="numLayers"/> stacked layers of width <paramref name="hiddenSize"/>
/// (e.g. <c>BackendCatalog.Create</c>). Called after torch is seeded, so initial weights follow the run's seed.</summary>
public delegate LayerwiseBackend BackendFactory(BackendKind kind, int hiddenSize, int numLayers);
