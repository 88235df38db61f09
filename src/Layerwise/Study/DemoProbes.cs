using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Layerwise.Features;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>One single-layer probe of one model: a classifier that sees layer <see cref="Layer"/> alone.</summary>
/// <param name="Probe">"single" (the FFN back-end trained on that layer, a sweep run) or "linear" (logistic regression on the pooled layer, seedless).</param>
/// <param name="Seed">The training seed; null for the seedless linear probe.</param>
public sealed record DemoProbe(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("random_weights")] bool RandomWeights,
    [property: JsonPropertyName("probe")] string Probe,
    [property: JsonPropertyName("layer")] int Layer,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("seed")] int? Seed,
    [property: JsonPropertyName("dev_eer_percent")] double DevEerPercent,
    [property: JsonPropertyName("eval_eer_percent")] double EvalEerPercent);

/// <summary>
/// Trains the single-layer probes of every layer of <paramref name="study"/>'s model on the demo's cached sets, with the
/// demo's training options and seed, keeping its runs under <paramref name="outDirectory"/>. The demo gets it from
/// <c>Layerwise.LayerAnalysis</c> (which sits below this layer), so the job itself stays independent of the toolbox.
/// </summary>
public delegate IReadOnlyList<DemoProbe> DemoProber(StudySession study, FeatureSet train, FeatureSet dev, FeatureSet eval,
    TrainingOptions training, int seed, string outDirectory);

/// <summary>The probes of both models, written as probes.csv.</summary>
public sealed record DemoProbes(IReadOnlyList<DemoProbe> Rows)
{
    public const string FileName = "probes.csv";

    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("model,random_weights,probe,layer,backend,seed,dev_eer_percent,eval_eer_percent\n");
        foreach (var r in Rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Model},{(r.RandomWeights ? "true" : "false")},{r.Probe},{r.Layer},{r.Backend},{r.Seed},{r.DevEerPercent:0.####},{r.EvalEerPercent:0.####}\n");
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }
}
