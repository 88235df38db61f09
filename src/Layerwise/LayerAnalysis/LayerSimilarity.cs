using Layerwise.Data;
using Layerwise.Features;

namespace Layerwise.LayerAnalysis;

/// <summary>Linear CKA between every pair of a model's layers, or between the layers of two models, on the same
/// utterances (read from the cache: no SSL runs).</summary>
public static class LayerSimilarity
{
    /// <summary>CKA of layers 1..<paramref name="numLayers"/> with each other on <paramref name="utterances"/>.</summary>
    public static SimilarityResult Within(IFeatureSource source, string model, IReadOnlyList<Utterance> utterances, int numLayers,
        RepresentationUnit unit = RepresentationUnit.Pooled, int framesPerUtterance = 8)
    {
        var reps = LayerRepresentations.Read(source, utterances, numLayers, unit, framesPerUtterance);
        try
        {
            var labels = Labels(numLayers);
            return new SimilarityResult($"Linear CKA between the layers of {model}", model, model, labels, labels, Cka.Matrix(reps), unit, (int)reps[0].shape[0]);
        }
        finally
        {
            foreach (var r in reps)
                r.Dispose();
        }
    }

    /// <summary>CKA of every layer of one model (rows) with every layer of another (columns) on the same utterances;
    /// with <see cref="RepresentationUnit.Frames"/> both must have the same number of frames per utterance.</summary>
    public static SimilarityResult Between(IFeatureSource rows, string rowModel, int rowLayers, IFeatureSource columns, string columnModel, int columnLayers,
        IReadOnlyList<Utterance> utterances, RepresentationUnit unit = RepresentationUnit.Pooled, int framesPerUtterance = 8)
    {
        var a = LayerRepresentations.Read(rows, utterances, rowLayers, unit, framesPerUtterance);
        var b = LayerRepresentations.Read(columns, utterances, columnLayers, unit, framesPerUtterance);
        try
        {
            if (a[0].shape[0] != b[0].shape[0])
                throw new LayerwiseInputException($"{rowModel} and {columnModel} give {a[0].shape[0]} and {b[0].shape[0]} frames for the same utterances; compare pooled utterances instead");
            return new SimilarityResult($"Linear CKA: {rowModel} (rows) vs {columnModel} (columns)", rowModel, columnModel,
                Labels(rowLayers), Labels(columnLayers), Cka.Matrix(a, b), unit, (int)a[0].shape[0]);
        }
        finally
        {
            foreach (var r in a.Concat(b))
                r.Dispose();
        }
    }

    static string[] Labels(int n) => Enumerable.Range(1, n).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
