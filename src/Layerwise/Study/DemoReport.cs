using System.Text.Json.Serialization;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>Inference cost at one depth: the truncated SSL (n blocks built) plus the back-end, per utterance.</summary>
public sealed record TimingRow(
    [property: JsonPropertyName("n_layers")] int NumLayers,
    [property: JsonPropertyName("ssl_ms_per_utterance")] double SslMsPerUtterance,
    [property: JsonPropertyName("ffn_ms_per_utterance")] double? FfnMsPerUtterance,
    [property: JsonPropertyName("aasist_ms_per_utterance")] double? AasistMsPerUtterance,
    [property: JsonPropertyName("ssl_parameters")] long SslParameters);

/// <summary>A DET curve as the report draws it (thinned <see cref="Metrics.DetCurve"/>): miss (bona fide rejected) and false-alarm (spoof accepted) rates per threshold.</summary>
public sealed record DetSeries(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("p_fa")] double[] FalseAlarm,
    [property: JsonPropertyName("p_miss")] double[] Miss,
    [property: JsonPropertyName("eer_percent")] double EerPercent)
{
    /// <summary>The official DET (Layerwise.Metrics.DetCurve: one point per trial, scores ascending), thinned to at most <paramref name="maxPoints"/>.</summary>
    public static DetSeries FromScores(string label, IReadOnlyList<double> bona, IReadOnlyList<double> spoof, double eerPercent, int maxPoints = 400)
    {
        var det = Metrics.DetCurve.Compute(bona, spoof).Subsample(maxPoints);
        return new DetSeries(label, det.Far.ToArray(), det.Frr.ToArray(), eerPercent);
    }
}

/// <summary>Everything the demo report shows; the same data is written as CSV/JSON beside it.</summary>
public sealed record DemoReport(
    string Title,
    IReadOnlyList<string> Notices,
    SslModelInfo Model,
    SweepResults Results,
    string TrainSet,
    string EvalSet,
    IReadOnlyList<TimingRow> Timing,
    IReadOnlyList<DetSeries> DetCurves,
    IReadOnlyList<(string Name, string Value)> Facts)
{
    /// <summary>Random-weight vs pretrained model over several seeds, when the demo ran it.</summary>
    public DemoComparison? Comparison { get; init; }
    /// <summary>How the studied model was pretrained (loss and masked accuracy per step), when it was.</summary>
    public Pretraining.PretrainedModelInfo? Pretraining { get; init; }
    /// <summary>Single-layer probes of every layer of both models, when the demo ran them.</summary>
    public DemoProbes? Probes { get; init; }
}

/// <summary>Turns a <see cref="DemoReport"/> into a file (the HTML writer here; a Plotly-based one can replace it).</summary>
public interface IReportWriter
{
    void Write(string path, DemoReport report);
}
