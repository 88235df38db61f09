using System.Globalization;
using System.Net;
using System.Text;
using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>
/// The report's static images as plain SVG (no browser, no native library, byte-deterministic):
/// EER vs n_layers of one model and column, ours (seed mean, min–max bar) beside the paper's seed mean; and the
/// layer-weight heatmap of one model × back-end laid out like the paper's Figs. 2/3 (rows = training sets,
/// columns = layers, min–max normalised weights at the grid's deepest n).
/// </summary>
public static class SvgFigures
{
    static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

    /// <summary>The heatmap rows' names: the paper's figure labels.</summary>
    public static string RowLabel(ReplicationStudy s) => s.Train.Dataset switch
    {
        "asvspoof2019-la" => "LA19",
        "add2023" => "ADD23",
        "habla" => "HABLA",
        "partialspoof" => "PartialSpoof",
        "had" => "HAD",
        "scenefake" => "SceneFake",
        "ctrsvdd" => "CtrSVDD",
        _ => s.Name,
    };

    public static string EerVsLayers(ReplicationResults r, ReplicationModel m, string column)
    {
        const int W = 420, H = 280, L = 50, R = 110, T = 30, B = 40;
        var c = r.Config;
        var series = new List<(string Name, string Color, bool Dashed, double[] Mean, double[] Min, double[] Max)>();
        foreach (var (b, i) in c.Backends.Select((b, i) => (b, i)))
        {
            string label = Sweep.BackendLabel(b);
            var per = m.Grid.Select(n => c.Seeds.Select(s => column == ResultsTable.Average ? r.Average(m, b, n, s) : r.Eer(m, b, n, s, column))
                .Where(v => !double.IsNaN(v)).ToList()).ToList();
            series.Add(($"ours {label}", Colors[i % Colors.Length], false,
                per.Select(v => v.Count == 0 ? double.NaN : v.Average()).ToArray(),
                per.Select(v => v.Count == 0 ? double.NaN : v.Min()).ToArray(),
                per.Select(v => v.Count == 0 ? double.NaN : v.Max()).ToArray()));
            var paper = PaperResults.Table.Select(m.Family, m.Size, label);
            var pv = m.Grid.Select(n => paper.FirstOrDefault(p => p.NumLayers == n && p.Dataset == column)?.EerPercent ?? double.NaN).ToArray();
            if (pv.Any(v => !double.IsNaN(v)))
                series.Add(($"paper {label}", Colors[i % Colors.Length], true, pv, pv, pv));
        }
        var all = series.SelectMany(s => s.Min.Concat(s.Max)).Where(v => !double.IsNaN(v)).ToList();
        double lo = 0, hi = all.Count == 0 ? 1 : Math.Max(1, Math.Ceiling(all.Max() / 5) * 5);
        double X(int i) => L + (m.Grid.Count == 1 ? (W - L - R) / 2.0 : i * (W - L - R) / (double)(m.Grid.Count - 1));
        double Y(double v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));

        var sb = Start(W, H, $"{m.Name}: {column} EER vs n_layers");
        sb.Append(Line(L, H - B, W - R, H - B, "#000")).Append(Line(L, T, L, H - B, "#000"));
        for (int k = 0; k <= 4; k++)
        {
            double v = lo + (hi - lo) * k / 4;
            sb.Append(Text(L - 6, Y(v) + 4, N(v), "end", 10)).Append(Line(L, Y(v), W - R, Y(v), "#ddd"));
        }
        for (int i = 0; i < m.Grid.Count; i++)
            sb.Append(Text(X(i), H - B + 15, m.Grid[i].ToString(CultureInfo.InvariantCulture), "middle", 10));
        sb.Append(Text((L + W - R) / 2.0, H - 6, "n_layers", "middle", 11));
        sb.Append(Text(12, (T + H - B) / 2.0, "EER %", "middle", 11, rotate: true));
        foreach (var (s, k) in series.Select((s, k) => (s, k)))
        {
            var pts = s.Mean.Select((v, i) => (v, i)).Where(p => !double.IsNaN(p.v)).Select(p => $"{N(X(p.i))},{N(Y(p.v))}").ToList();
            if (pts.Count > 0)
                sb.Append(CultureInfo.InvariantCulture,
                    $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5,3\"" : "")} points=\"{string.Join(" ", pts)}\"/>\n");
            for (int i = 0; i < s.Mean.Length; i++)
            {
                if (double.IsNaN(s.Mean[i]))
                    continue;
                if (!s.Dashed)
                    sb.Append(Line(X(i), Y(s.Min[i]), X(i), Y(s.Max[i]), s.Color));
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(s.Mean[i]))}\" r=\"3\" fill=\"{(s.Dashed ? "#fff" : s.Color)}\" stroke=\"{s.Color}\"/>\n");
            }
            sb.Append(Line(W - R + 10, T + 10 + 16 * k, W - R + 30, T + 10 + 16 * k, s.Color, s.Dashed))
              .Append(Text(W - R + 34, T + 14 + 16 * k, s.Name, "start", 10));
        }
        return sb.Append("</svg>\n").ToString();
    }

    public static string Heatmap(ReplicationResults r, ReplicationModel m, BackendKind b)
    {
        var c = r.Config;
        int n = m.MaxLayers, cellW = Math.Max(16, 360 / n), cellH = 22, L = 100, T = 30;
        int W = L + n * cellW + 20, H = T + c.Studies.Count * cellH + 40;
        var sb = Start(W, H, $"{m.Name} {Sweep.BackendLabel(b)}: layer weights (min-max normalised)");
        foreach (var (s, row) in c.Studies.Select((s, i) => (s, i)))
        {
            sb.Append(Text(L - 6, T + row * cellH + cellH / 2.0 + 4, RowLabel(s), "end", 11));
            var w = r.MeanWeights(m, s, b, n);
            var mm = w is null ? null : SweepResults.MinMax(w);
            for (int k = 0; k < n; k++)
            {
                string fill = mm is null ? "#eee" : Shade(mm[k]);
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{L + k * cellW}\" y=\"{T + row * cellH}\" width=\"{cellW}\" height=\"{cellH}\" fill=\"{fill}\" stroke=\"#fff\"/>\n");
            }
        }
        for (int k = 0; k < n; k++)
            sb.Append(Text(L + k * cellW + cellW / 2.0, T + c.Studies.Count * cellH + 14, (k + 1).ToString(CultureInfo.InvariantCulture), "middle", 9));
        sb.Append(Text(L + n * cellW / 2.0, H - 6, "layer", "middle", 11));
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>0 → pale yellow, 1 → dark blue (a viridis-like ramp).</summary>
    static string Shade(double v)
    {
        v = Math.Clamp(v, 0, 1);
        int R = (int)Math.Round(253 + (33 - 253) * v), G = (int)Math.Round(231 + (49 - 231) * v), Bl = (int)Math.Round(37 + (140 - 37) * v);
        return $"#{R:x2}{G:x2}{Bl:x2}";
    }

    static StringBuilder Start(int w, int h, string title) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\">\n")
        .Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n")
        .Append(Text(w / 2.0, 18, title, "middle", 12));

    static string Line(double x1, double y1, double x2, double y2, string color, bool dashed = false) =>
        $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{color}\"{(dashed ? " stroke-dasharray=\"5,3\"" : "")}/>\n";

    static string Text(double x, double y, string text, string anchor, int size, bool rotate = false) =>
        $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\"{(rotate ? $" transform=\"rotate(-90 {N(x)} {N(y)})\"" : "")}>{WebUtility.HtmlEncode(text)}</text>\n";

    static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
