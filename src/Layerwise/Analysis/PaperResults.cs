using Microsoft.Data.Analysis;
using Layerwise.Training;

namespace Layerwise.Analysis;

/// <summary>
/// The paper's results (El Kheir et al. 2025, repo Yaselley/SSL_Layerwise_Deepfake@495843f analysis/results):
/// a committed copy of paper_results.csv, embedded in Layerwise.dll. 2,640 rows: the seed means (avg_*.txt,
/// seed empty) and the per-seed tables (seeds 1, 42, 1234), 12 configurations (wav2vec2/hubert/wavlm ×
/// small/large × FFN/AASIST), 10 test sets + AVG.
/// </summary>
public static class PaperResults
{
    const string ResourceName = "Layerwise.Analysis.Data.paper_results.csv";

    static readonly Lazy<ResultsTable> Cached = new(() => ResultsTable.Parse(ReadCsvText(), "paper_results.csv (embedded)"));

    /// <summary>The whole table (per-seed and seed-mean rows).</summary>
    public static ResultsTable Table => Cached.Value;

    /// <summary>The embedded CSV text, byte for byte as committed.</summary>
    public static string ReadCsvText() => ReadResource(ResourceName);

    /// <summary>
    /// The paper's layer weights (its weights.{small,large}.txt, embedded): one row per training set (paper names
    /// ASV19, ADD22, spanish, Part_ASV19, had, sceneFake, music) × model (w2v, hub, wavlm) × back-end, 12 or 24
    /// layers, min–max normalised. <see cref="LayerWeightTable.WithPaperLabels"/> gives the figures' names.
    /// </summary>
    public static LayerWeightTable LayerWeights(string size)
    {
        if (size is not ("small" or "large"))
            throw new ArgumentException($"size must be 'small' or 'large' (got '{size}')", nameof(size));
        string name = $"Layerwise.Analysis.Data.paper_weights.{size}.txt";
        return LayerWeightTable.Parse(ReadResource(name), $"paper_weights.{size}.txt (embedded)");
    }

    /// <summary>One panel of the paper's Fig. 2 (small) or 3 (large): rows LA19, ADD23, HABLA, PartialSpoof, HAD,
    /// SceneFake, CtrSVDD for one model family (wav2vec2, hubert, wavlm) and back-end (FFN, AASIST).</summary>
    public static LayerWeightTable LayerWeightPanel(string family, string size, string backend) =>
        LayerWeights(size).WithPaperLabels().Select(family, backend);

    static string ReadResource(string name)
    {
        using var stream = typeof(PaperResults).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from Layerwise.dll");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The seeds of the paper's per-seed tables.</summary>
    public static IReadOnlyList<int> Seeds => SweepSpec.PaperSeeds;

    /// <summary>The n_layers grid: small {2, 4, 6, 12}, large {4, 6, 8, 10, 12, 24}.</summary>
    public static IReadOnlyList<int> NumLayersGrid(string size) => Study.StudyDefaults.PaperGrid(size);

    public static DataFrame ToDataFrame() => Table.ToDataFrame();

    /// <summary>EER table of one configuration: n_layers × (10 test sets + AVG); seed null = the paper's seed means.</summary>
    public static DataFrame EerTable(string family, string size, string backend, int? seed = null) =>
        Table.Pivot(family, size, backend, seed);

    /// <summary>Average EER by n_layers, recomputed as the plain mean of the 10 test sets (as the repo's AVG).</summary>
    public static IReadOnlyDictionary<int, double> AverageByLayers(string family, string size, string backend, int? seed = null) =>
        Table.AverageByLayers(family, size, backend, seed);

    public static (int NumLayers, double AverageEer) BestNumLayers(string family, string size, string backend, int? seed = null) =>
        Table.BestNumLayers(family, size, backend, seed);

    /// <summary>Best and full depth per configuration (the reference's section 3.2 table).</summary>
    public static DataFrame BestConfigurations(int? seed = null) => Table.BestConfigurations(seed);
}
