using System.Text.Json.Serialization;

namespace Layerwise.Training.Reports;

/// <summary>Inference cost at one depth: the truncated SSL (n blocks built) plus the back-end, per utterance.</summary>
public sealed record TimingRow(
    [property: JsonPropertyName("n_layers")] int NumLayers,
    [property: JsonPropertyName("ssl_ms_per_utterance")] double SslMsPerUtterance,
    [property: JsonPropertyName("ffn_ms_per_utterance")] double? FfnMsPerUtterance,
    [property: JsonPropertyName("aasist_ms_per_utterance")] double? AasistMsPerUtterance,
    [property: JsonPropertyName("ssl_parameters")] long SslParameters);

/// <summary>A DET curve: miss (bona fide rejected) and false-alarm (spoof accepted) rates per threshold.</summary>
public sealed record DetCurve(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("p_fa")] double[] FalseAlarm,
    [property: JsonPropertyName("p_miss")] double[] Miss,
    [property: JsonPropertyName("eer_percent")] double EerPercent)
{
    /// <summary>One point per trial, scores ascending (as the official EER's DET), thinned to at most <paramref name="maxPoints"/>.</summary>
    public static DetCurve FromScores(string label, IReadOnlyList<double> bona, IReadOnlyList<double> spoof, double eerPercent, int maxPoints = 400)
    {
        var all = bona.Select(s => (s, b: true)).Concat(spoof.Select(s => (s, b: false))).OrderBy(p => p.s).ToList();
        var fa = new List<double> { 1 };
        var miss = new List<double> { 0 };
        int bonaBelow = 0, spoofBelow = 0;
        int step = Math.Max(1, all.Count / maxPoints);
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i].b) bonaBelow++; else spoofBelow++;
            if (i % step == 0 || i == all.Count - 1)
            {
                miss.Add((double)bonaBelow / bona.Count);
                fa.Add(1 - (double)spoofBelow / spoof.Count);
            }
        }
        return new DetCurve(label, fa.ToArray(), miss.ToArray(), eerPercent);
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
    IReadOnlyList<DetCurve> DetCurves,
    IReadOnlyList<(string Name, string Value)> Facts);

/// <summary>Turns a <see cref="DemoReport"/> into a file (the HTML writer here; a Plotly-based one can replace it).</summary>
public interface IReportWriter
{
    void Write(string path, DemoReport report);
}
