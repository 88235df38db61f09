using System.Globalization;
using System.Net;
using System.Text;
using Layerwise.Models.Backends;

namespace Layerwise.Training.Reports;

/// <summary>
/// A self-contained HTML report with inline SVG charts (no scripts, no network): layer-weight heatmap
/// (min–max normalised rows, as the paper's figures), EER vs n_layers, DET curves (probit axes) and time per
/// utterance vs n_layers, plus the results tables.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public void Write(string path, DemoReport report)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title><style>")
         .Append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
         .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}.notice{background:#fff3cd;border:2px solid #e0a800;padding:1em;font-weight:bold}")
         .Append("svg{background:#fff;border:1px solid #ddd;margin:0.5em 0}.heat td{width:46px;text-align:center}</style></head><body>");
        h.Append(Header(report));

        var runs = report.Results.Runs;
        var backends = runs.Select(r => r.Config.Spec.Backend).Distinct().OrderBy(b => b).ToList();
        var grid = runs.Select(r => r.Config.Spec.NumLayers).Distinct().Order().ToList();

        h.Append("<h2>EER (").Append(E(report.EvalSet)).Append(") vs n_layers</h2>");
        var series = backends.Select(b => (Sweep.BackendLabel(b), grid.Select(n => (double)n).ToArray(),
            grid.Select(n => Mean(runs.Where(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n)
                .Select(r => r.Metrics.Eval.First(m => m.Set == report.EvalSet).EerPercent))).ToArray())).ToList();
        h.Append(LineChart(series, "n_layers", "EER (%)"));
        h.Append(ResultsTable(report));

        h.Append("<h2>Layer weights (softmax, min–max normalised per row)</h2>");
        foreach (var b in backends)
            h.Append(Heatmap(report, b));

        h.Append("<h2>DET curves (").Append(E(report.EvalSet)).Append(")</h2>");
        h.Append(DetChart(report.DetCurves));

        h.Append("<h2>Time per utterance vs n_layers</h2>");
        if (report.Timing.Count > 0)
        {
            var t = report.Timing;
            var ts = new List<(string, double[], double[])> { ("SSL (truncated)", t.Select(r => (double)r.NumLayers).ToArray(), t.Select(r => r.SslMsPerUtterance).ToArray()) };
            if (t.All(r => r.FfnMsPerUtterance is not null))
                ts.Add(("SSL + FFN", t.Select(r => (double)r.NumLayers).ToArray(), t.Select(r => r.SslMsPerUtterance + r.FfnMsPerUtterance!.Value).ToArray()));
            if (t.All(r => r.AasistMsPerUtterance is not null))
                ts.Add(("SSL + AASIST", t.Select(r => (double)r.NumLayers).ToArray(), t.Select(r => r.SslMsPerUtterance + r.AasistMsPerUtterance!.Value).ToArray()));
            h.Append(LineChart(ts, "n_layers", "ms per utterance", zeroBased: true));
            h.Append("<table><tr><th>n_layers</th><th>SSL ms/utt</th><th>FFN ms/utt</th><th>AASIST ms/utt</th><th>SSL parameters</th></tr>");
            foreach (var r in t)
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.NumLayers}</td><td>{r.SslMsPerUtterance:F2}</td><td>{r.FfnMsPerUtterance:F2}</td><td>{r.AasistMsPerUtterance:F2}</td><td>{r.SslParameters:N0}</td></tr>");
            h.Append("</table>");
        }
        h.Append("<p style=\"color:#777\">EER: ").Append(E(Evaluation.EerDefinition)).Append(". Data files: results.csv, runs.csv, layer_weights.csv, weights.txt, timing.csv, results.json.</p>");
        h.Append("</body></html>\n");
        RunDirectory.WriteAtomic(path, h.ToString());
    }

    internal static string Header(DemoReport report)
    {
        var h = new StringBuilder();
        h.Append("<h1>").Append(E(report.Title)).Append("</h1>");
        foreach (var n in report.Notices)
            h.Append("<p class=\"notice\">").Append(E(n)).Append("</p>");
        h.Append("<table>");
        foreach (var (name, value) in report.Facts)
            h.Append("<tr><th style=\"text-align:left\">").Append(E(name)).Append("</th><td style=\"text-align:left\">").Append(E(value)).Append("</td></tr>");
        return h.Append("</table>").ToString();
    }

    internal const string Style =
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}" +
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}.notice{background:#fff3cd;border:2px solid #e0a800;padding:1em;font-weight:bold}" +
        ".heat td{width:46px;text-align:center}</style>";

    internal static string ResultsTable(DemoReport report)
    {
        var sb = new StringBuilder("<table><tr><th>backend</th><th>n_layers</th><th>seed</th><th>best epoch</th><th>dev EER %</th>");
        var sets = report.Results.Runs.FirstOrDefault()?.Metrics.Eval.Select(m => m.Set).ToList() ?? [];
        foreach (var s in sets)
            sb.Append("<th>").Append(E(s)).Append(" EER %</th>");
        sb.Append("<th>train s</th><th>SSL passes in training</th></tr>");
        foreach (var r in report.Results.Runs)
        {
            var s = r.Config.Spec;
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Sweep.BackendLabel(s.Backend)}</td><td>{s.NumLayers}</td><td>{s.Seed}</td><td>{r.Metrics.BestEpoch}</td><td>{r.Metrics.Dev.EerPercent:F2}</td>");
            foreach (var m in r.Metrics.Eval)
                sb.Append(CultureInfo.InvariantCulture, $"<td>{m.EerPercent:F2}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{r.Metrics.TrainSeconds:F1}</td><td>{r.Metrics.SslForwardPassesDuringTraining}</td></tr>");
        }
        sb.Append("</table>");
        // Per-attack EERs of the eval set (unseen attacks marked).
        var first = report.Results.Runs.FirstOrDefault()?.Metrics.Eval.FirstOrDefault(m => m.Set == report.EvalSet);
        if (first is null)
            return sb.ToString();
        sb.Append("<h3>Per-attack EER % on ").Append(E(report.EvalSet)).Append(" (* = attack unseen in training)</h3><table><tr><th>backend</th><th>n_layers</th>");
        foreach (var a in first.PerAttack)
            sb.Append("<th>").Append(E(a.Attack)).Append(a.SeenInTraining ? "" : "*").Append("</th>");
        sb.Append("</tr>");
        foreach (var r in report.Results.Runs)
        {
            var m = r.Metrics.Eval.First(x => x.Set == report.EvalSet);
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Sweep.BackendLabel(r.Config.Spec.Backend)}</td><td>{r.Config.Spec.NumLayers}</td>");
            foreach (var a in m.PerAttack)
                sb.Append(CultureInfo.InvariantCulture, $"<td>{a.EerPercent:F2}</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    internal static string Heatmap(DemoReport report, BackendKind backend)
    {
        var runs = report.Results.Runs.Where(r => r.Config.Spec.Backend == backend)
            .GroupBy(r => r.Config.Spec.NumLayers).OrderBy(g => g.Key).ToList();
        if (runs.Count == 0)
            return "";
        int maxN = runs.Max(g => g.Key);
        var sb = new StringBuilder($"<h3>{Sweep.BackendLabel(backend)}</h3><table class=\"heat\"><tr><th>n_layers \\ layer</th>");
        for (int k = 1; k <= maxN; k++)
            sb.Append(CultureInfo.InvariantCulture, $"<th>{k}</th>");
        sb.Append("</tr>");
        foreach (var g in runs)
        {
            var mean = Enumerable.Range(0, g.Key).Select(k => g.Average(r => r.Metrics.SoftmaxLayerWeights[k])).ToArray();
            var mm = SweepResults.MinMax(mean);
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>{g.Key}</th>");
            for (int k = 0; k < maxN; k++)
            {
                if (k >= g.Key) { sb.Append("<td></td>"); continue; }
                int shade = (int)Math.Round(255 - 200 * mm[k]);
                sb.Append(CultureInfo.InvariantCulture,
                    $"<td style=\"background:rgb({shade},{shade},255)\" title=\"softmax {mean[k]:F4}\">{mm[k]:F2}</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    static string LineChart(IReadOnlyList<(string Name, double[] X, double[] Y)> series, string xLabel, string yLabel, bool zeroBased = false)
    {
        const int W = 640, H = 320, L = 60, R = 150, T = 15, B = 45;
        var xs = series.SelectMany(s => s.X).ToList();
        var ys = series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        if (xs.Count == 0 || ys.Count == 0)
            return "<p>(no data)</p>";
        double x0 = xs.Min(), x1 = Math.Max(xs.Max(), x0 + 1);
        double y0 = zeroBased ? 0 : Math.Max(0, ys.Min() - 1), y1 = Math.Max(ys.Max() * 1.05, y0 + 1);
        double Px(double x) => L + (x - x0) / (x1 - x0) * (W - L - R);
        double Py(double y) => H - B - (y - y0) / (y1 - y0) * (H - T - B);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg width=\"{W}\" height=\"{H}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">");
        sb.Append(Axes(W, H, L, R, T, B, xLabel, yLabel));
        foreach (var x in xs.Distinct())
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(x):F1}\" y=\"{H - B + 14}\" text-anchor=\"middle\">{x}</text>");
        for (int i = 0; i <= 4; i++)
        {
            double y = y0 + (y1 - y0) * i / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{L - 4}\" y=\"{Py(y) + 4:F1}\" text-anchor=\"end\">{y:0.##}</text><line x1=\"{L}\" x2=\"{W - R}\" y1=\"{Py(y):F1}\" y2=\"{Py(y):F1}\" stroke=\"#eee\"/>");
        }
        for (int s = 0; s < series.Count; s++)
        {
            var (name, x, y) = series[s];
            var color = Palette[s % Palette.Length];
            var pts = string.Join(" ", x.Zip(y).Where(p => double.IsFinite(p.Second)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{Px(p.First):F1},{Py(p.Second):F1}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{pts}\"/>");
            foreach (var (px, py) in x.Zip(y).Where(p => double.IsFinite(p.Second)))
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Px(px):F1}\" cy=\"{Py(py):F1}\" r=\"3\" fill=\"{color}\"><title>{E(name)}: {py:0.###}</title></circle>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{W - R + 10}\" y=\"{T + 16 * s}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{W - R + 24}\" y=\"{T + 9 + 16 * s}\">{E(name)}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    static string DetChart(IReadOnlyList<DetCurve> curves)
    {
        const int W = 640, H = 480, L = 60, R = 190, T = 15, B = 45;
        double[] ticks = [0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95];
        double lo = Probit(0.0005), hi = Probit(0.9995);
        double Px(double p) => L + (Probit(Clamp(p)) - lo) / (hi - lo) * (W - L - R);
        double Py(double p) => H - B - (Probit(Clamp(p)) - lo) / (hi - lo) * (H - T - B);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg width=\"{W}\" height=\"{H}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">");
        sb.Append(Axes(W, H, L, R, T, B, "false alarm rate (spoof accepted, %)", "miss rate (bona fide rejected, %)"));
        foreach (var t in ticks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(t):F1}\" y=\"{H - B + 14}\" text-anchor=\"middle\">{t * 100:0.#}</text><line x1=\"{Px(t):F1}\" x2=\"{Px(t):F1}\" y1=\"{T}\" y2=\"{H - B}\" stroke=\"#eee\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{L - 4}\" y=\"{Py(t) + 4:F1}\" text-anchor=\"end\">{t * 100:0.#}</text><line x1=\"{L}\" x2=\"{W - R}\" y1=\"{Py(t):F1}\" y2=\"{Py(t):F1}\" stroke=\"#eee\"/>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Px(0.0005):F1}\" y1=\"{Py(0.0005):F1}\" x2=\"{Px(0.9995):F1}\" y2=\"{Py(0.9995):F1}\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>");
        for (int s = 0; s < curves.Count; s++)
        {
            var c = curves[s];
            var color = Palette[s % Palette.Length];
            var pts = string.Join(" ", c.FalseAlarm.Zip(c.Miss).Select(p => string.Create(CultureInfo.InvariantCulture, $"{Px(p.First):F1},{Py(p.Second):F1}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{pts}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{W - R + 10}\" y=\"{T + 16 * s}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{W - R + 24}\" y=\"{T + 9 + 16 * s}\">{E(c.Label)} ({c.EerPercent:F2}%)</text>");
        }
        return sb.Append("</svg>").ToString();

        static double Clamp(double p) => Math.Min(0.9995, Math.Max(0.0005, p));
    }

    static string Axes(int w, int h, int l, int r, int t, int b, string xLabel, string yLabel) =>
        string.Create(CultureInfo.InvariantCulture,
            $"<line x1=\"{l}\" y1=\"{h - b}\" x2=\"{w - r}\" y2=\"{h - b}\" stroke=\"#333\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{h - b}\" stroke=\"#333\"/>" +
            $"<text x=\"{(l + w - r) / 2}\" y=\"{h - 8}\" text-anchor=\"middle\">{E(xLabel)}</text>" +
            $"<text x=\"14\" y=\"{(t + h - b) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {(t + h - b) / 2})\">{E(yLabel)}</text>");

    /// <summary>Inverse standard normal CDF (Acklam's rational approximation, |error| &lt; 1.2e-9): DET axes.</summary>
    internal static double Probit(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] bb = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double pl = 0.02425;
        if (p < pl)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - pl)
            return -Probit(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((bb[0] * s + bb[1]) * s + bb[2]) * s + bb[3]) * s + bb[4]) * s + 1);
    }

    static double Mean(IEnumerable<double> v) => v.DefaultIfEmpty(double.NaN).Average();

    internal static string E(string s) => WebUtility.HtmlEncode(s);
}
