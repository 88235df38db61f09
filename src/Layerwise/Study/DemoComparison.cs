using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Layerwise.IO;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>One run of the random-vs-pretrained comparison.</summary>
public sealed record ComparisonRun(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("random_weights")] bool RandomWeights,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("n_layers")] int NumLayers,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("dev_eer_percent")] double DevEerPercent,
    [property: JsonPropertyName("eval_eer_percent")] double EvalEerPercent,
    [property: JsonPropertyName("layer_weights")] double[] LayerWeights);

/// <summary>Eval EER over the seeds of one (model, back-end, n_layers).</summary>
public sealed record ComparisonCell(string Model, bool RandomWeights, string Backend, int NumLayers, int Seeds, double Mean, double Sd, double Min, double Max);

/// <summary>
/// The same layer study on the random-weight model and on the pretrained one: every (back-end, n_layers) for each
/// seed, from each model's own feature cache. Written as comparison.csv; the report shows the seed spread.
/// </summary>
public sealed record DemoComparison(IReadOnlyList<ComparisonRun> Runs)
{
    public const string FileName = "comparison.csv";

    public IReadOnlyList<ComparisonCell> Cells() => Runs
        .GroupBy(r => (r.Model, r.RandomWeights, r.Backend, r.NumLayers))
        .OrderBy(g => g.Key.RandomWeights ? 0 : 1).ThenBy(g => g.Key.Backend, StringComparer.Ordinal).ThenBy(g => g.Key.NumLayers)
        .Select(g =>
        {
            var e = g.Select(r => r.EvalEerPercent).ToArray();
            double mean = e.Average();
            double sd = e.Length > 1 ? Math.Sqrt(e.Sum(v => (v - mean) * (v - mean)) / (e.Length - 1)) : 0;
            return new ComparisonCell(g.Key.Model, g.Key.RandomWeights, g.Key.Backend, g.Key.NumLayers, e.Length, mean, sd, e.Min(), e.Max());
        }).ToList();

    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("model,random_weights,backend,n_layers,seed,dev_eer_percent,eval_eer_percent,layer_weights\n");
        foreach (var r in Runs)
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Model},{(r.RandomWeights ? "true" : "false")},{r.Backend},{r.NumLayers},{r.Seed},{r.DevEerPercent:0.####},{r.EvalEerPercent:0.####},{string.Join(' ', r.LayerWeights.Select(w => w.ToString("0.#####", CultureInfo.InvariantCulture)))}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
