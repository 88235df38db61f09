using System.Text;
using Layerwise.Analysis;

namespace Layerwise.Training.Reports;

/// <summary>
/// The demo report with Plotly.NET charts (Layerwise.Analysis.Charts; plotly.js embedded, works offline):
/// layer-weight heatmap as in the paper's figures (one row per back-end × n_layers, min–max normalised),
/// EER vs n_layers, DET curves, time per utterance vs n_layers; the result tables follow.
/// </summary>
public sealed class PlotlyReportWriter : IReportWriter
{
    public void Write(string path, DemoReport report)
    {
        var body = new StringBuilder(HtmlReportWriter.Style).Append(HtmlReportWriter.Header(report));
        var runs = report.Results.Runs;
        var backends = runs.Select(r => r.Config.Spec.Backend).Distinct().OrderBy(b => b).ToList();
        var grid = runs.Select(r => r.Config.Spec.NumLayers).Distinct().Order().ToArray();
        int maxN = grid.Max();

        // Heatmap: rows back-end × n (seed mean), columns layers; missing layers (k > n) are 0 after min-max, shown as empty by the table below.
        var rows = new List<string>();
        var z = new List<double[]>();
        foreach (var b in backends)
            foreach (var n in grid)
            {
                var g = runs.Where(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n).ToList();
                if (g.Count == 0 || n < 2)
                    continue;
                var mean = Enumerable.Range(0, n).Select(k => g.Average(r => r.Metrics.SoftmaxLayerWeights[k])).ToArray();
                var mm = SweepResults.MinMax(mean);
                z.Add(Enumerable.Range(0, maxN).Select(k => k < n ? mm[k] : 0).ToArray());
                rows.Add($"{Sweep.BackendLabel(b)} n={n}");
            }
        body.Append("<h2>Layer weights (softmax, min–max normalised per row)</h2>");
        if (z.Count > 0)
            body.Append(Charts.Heatmap("Layer weights", "layer", "back-end, n_layers",
                Enumerable.Range(1, maxN).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), rows.ToArray(), z.ToArray()));
        foreach (var b in backends)
            body.Append(HtmlReportWriter.Heatmap(report, b));

        body.Append("<h2>EER vs n_layers</h2>");
        var names = backends.Select(Sweep.BackendLabel).ToArray();
        var xs = backends.Select(_ => grid.Select(n => (double)n).ToArray()).ToArray();
        var ys = backends.Select(b => grid.Select(n => runs.Where(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n)
            .Select(r => r.Metrics.Eval.First(m => m.Set == report.EvalSet).EerPercent).DefaultIfEmpty(double.NaN).Average()).ToArray()).ToArray();
        body.Append(Charts.Lines($"EER on {report.EvalSet}", "n_layers", "EER (%)", names, xs, ys));
        body.Append(HtmlReportWriter.ResultsTable(report));

        body.Append("<h2>DET curves</h2>");
        if (report.DetCurves.Count > 0)
            body.Append(Charts.Det($"DET on {report.EvalSet}", report.DetCurves.Select(c => $"{c.Label} ({c.EerPercent:F2}%)").ToArray(),
                report.DetCurves.Select(c => c.FalseAlarm).ToArray(), report.DetCurves.Select(c => c.Miss).ToArray()));

        body.Append("<h2>Time per utterance vs n_layers</h2>");
        if (report.Timing.Count > 0)
        {
            var t = report.Timing;
            var tn = new List<string> { "SSL (truncated)" };
            var ty = new List<double[]> { t.Select(r => r.SslMsPerUtterance).ToArray() };
            if (t.All(r => r.FfnMsPerUtterance is not null)) { tn.Add("SSL + FFN"); ty.Add(t.Select(r => r.SslMsPerUtterance + r.FfnMsPerUtterance!.Value).ToArray()); }
            if (t.All(r => r.AasistMsPerUtterance is not null)) { tn.Add("SSL + AASIST"); ty.Add(t.Select(r => r.SslMsPerUtterance + r.AasistMsPerUtterance!.Value).ToArray()); }
            var tx = tn.Select(_ => t.Select(r => (double)r.NumLayers).ToArray()).ToArray();
            body.Append(Charts.Lines("Inference time per utterance", "n_layers", "ms", tn.ToArray(), tx, ty.ToArray()));
        }
        body.Append("<p style=\"color:#777\">EER: ").Append(HtmlReportWriter.E(Evaluation.EerDefinition))
            .Append(". Data files: results.csv, runs.csv, layer_weights.csv, weights.txt, timing.csv, results.json.</p>");
        RunDirectory.WriteAtomic(path, Charts.Page(report.Title, body.ToString()));
    }
}
