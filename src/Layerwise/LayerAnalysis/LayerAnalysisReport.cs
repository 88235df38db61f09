using System.Globalization;
using System.Net;
using System.Text;
using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.IO;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// The toolbox's output folder: each Add writes its CSV tables and PNG images into <see cref="Directory"/> at once
/// and adds a section to the report; <see cref="Save"/> writes <c>report.html</c>, one self-contained file (images
/// embedded) that opens offline.
/// </summary>
public sealed class LayerAnalysisReport(string directory, string title)
{
    readonly HtmlReport html = new(title);
    readonly List<string> files = [];

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Files written so far, relative to <see cref="Directory"/>.</summary>
    public IReadOnlyList<string> Files => files;

    public LayerAnalysisReport Banner(string text)
    {
        html.Banner(text);
        return this;
    }

    public LayerAnalysisReport Paragraph(string text)
    {
        html.Paragraph(text);
        return this;
    }

    /// <summary>probes.csv, probe_attacks.csv, one EER-vs-layer image per set, per-attack heatmaps and score histograms
    /// of the single-layer probes on the first eval set.</summary>
    public LayerAnalysisReport AddProbes(ProbeResults results, IReadOnlyList<FeatureSet> sets)
    {
        html.Section("Probes: EER per layer");
        html.Paragraph($"single = a back-end on layer k alone; cumulative = layers 1..k (the truncation curve); leave-one-out = all layers but k; " +
                       $"linear = logistic regression on layer k's utterance-mean features. Error bars: ± one standard deviation over seeds. " +
                       $"{results.Rows.Count} rows, {results.Runs.Count} trained runs, {results.SslForwardPasses} SSL forward passes, " +
                       $"{results.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s.");
        results.WriteCsv(Out("probes.csv"));
        results.WriteAttacksCsv(Out("probe_attacks.csv"));
        foreach (var set in results.Rows.Select(r => r.Set).Distinct())
        {
            var curves = results.Curve(set).GroupBy(c => c.Probe == c.Backend ? c.Probe : $"{c.Probe} {c.Backend}").ToList();
            string file = $"probes_{Safe(set)}.png";
            AnalysisImages.Lines(Out(file), $"Probe EER per layer ({set})", "layer k", "EER (%)",
                curves.Select(g => g.Key).ToArray(), curves.Select(g => g.Select(c => (double)c.K).ToArray()).ToArray(),
                curves.Select(g => g.Select(c => c.EerPercent).ToArray()).ToArray(), curves.Select(g => g.Select(c => c.Spread).ToArray()).ToArray(),
                results.Rows.Select(r => r.K).Distinct().Order().ToArray());
            Image(file);
        }
        html.Table(["probe", "backend", "k", "set", "EER % (mean)", "± sd", "seeds"],
            results.Rows.Select(r => r.Set).Distinct().SelectMany(s => results.Curve(s).Select(c => new[]
            {
                c.Probe, c.Backend, c.K.ToString(CultureInfo.InvariantCulture), s, F(c.EerPercent), F(c.Spread), c.Seeds.ToString(CultureInfo.InvariantCulture),
            })));

        var eval = results.Rows.FirstOrDefault(r => r.Role == "eval")?.Set;
        var evalSet = sets.FirstOrDefault(s => s.Name == eval);
        if (eval is null || evalSet is null)
            return this;
        html.Section("Per-attack EER across layers");
        foreach (var (probe, backend) in results.Attacks.Where(a => a.Set == eval && a.Probe is "single" or "linear")
                     .Select(a => (a.Probe, a.Backend)).Distinct())
        {
            var (attacks, ks, eer) = ScoreViews.AttackEerAcrossLayers(results, probe, backend, eval);
            string file = $"attacks_{Safe(probe)}_{Safe(backend)}_{Safe(eval)}.png";
            var seen = results.Attacks.Where(a => a.Set == eval && a.Seen).Select(a => a.Attack).ToHashSet();
            AnalysisImages.Heatmap(Out(file), $"EER (%) per attack, {probe} {backend} probes, {eval}", "layer k", "attack",
                ks.Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray(), attacks.Select(a => seen.Contains(a) ? a : a + " (unseen)").ToArray(), eer, 0, 100);
            Image(file);
        }

        html.Section("Score histograms (single-layer probes, " + eval + ")");
        var singles = results.Rows.Where(r => r.Set == eval && r.Probe is "single" or "linear")
            .GroupBy(r => (r.Probe, r.Backend, r.K)).Select(g => g.First()).ToList();
        var rows = new List<string[]>();
        foreach (var r in singles)
        {
            var scores = ScoreViews.ReadLabelled(r.ScoresPath, evalSet.Utterances);
            foreach (bool byAttack in new[] { false, true })
            {
                var h = ScoreViews.Histogram($"{r.Probe} {r.Backend} layer {r.K}{(r.Seed is int s ? $" seed {s}" : "")}: {(byAttack ? "by attack" : "by class")}", scores, byAttack: byAttack);
                string file = $"hist_{Safe(r.Probe)}_{Safe(r.Backend)}_k{r.K}_{(byAttack ? "attack" : "class")}.png";
                AnalysisImages.Histogram(Out(file), h);
                rows.Add([file]);
            }
        }
        Images(rows.Select(r => r[0]).ToList());
        return this;
    }

    /// <summary>cka.csv (or cka_&lt;name&gt;.csv) and its heatmap.</summary>
    public LayerAnalysisReport AddSimilarity(SimilarityResult result, string name = "cka")
    {
        html.Section(result.Title);
        html.Paragraph($"{result.Items} {(result.Unit == RepresentationUnit.Pooled ? "utterances (frames averaged)" : "frames")} per layer; " +
                       "1 = the same representation up to rotation and scale.");
        result.WriteCsv(Out(name + ".csv"));
        AnalysisImages.Heatmap(Out(name + ".png"), result.Title, $"layer ({result.ColumnModel})", $"layer ({result.RowModel})",
            result.ColumnLabels, result.RowLabels, result.Values); // colour range = the data's: random-weight layers can all be near 1
        Image(name + ".png");
        return this;
    }

    /// <summary>layer_weight_stats.csv, layer_weight_runs.csv; per configuration, bars of the softmax and BatchNorm-corrected
    /// weights with their spread over seeds; the epoch trajectories of the first seed's run.</summary>
    public LayerAnalysisReport AddWeights(IReadOnlyList<RunWeights> runs, ProbeResults? probes = null)
    {
        html.Section("Layer weights over seeds");
        html.Paragraph("softmax = the learned weights (best checkpoint); corrected = w_k·|γ_k| normalised, γ_k the scale of the layer's " +
                       "BatchNorm in front of the weights (the amplitude with which layer k really enters the sum). Error bars: ± one sd over seeds.");
        var summaries = LayerWeightStats.Summarise(runs);
        LayerWeightStats.WriteSummaryCsv(Out("layer_weight_stats.csv"), summaries);
        LayerWeightStats.WriteRunsCsv(Out("layer_weight_runs.csv"), runs);
        var images = new List<string>();
        foreach (var s in summaries.Where(s => s.Layers.Count > 1))
        {
            string cfg = $"{s.Backend} n={s.NumLayers}" + (s.Layers.Count == s.NumLayers ? "" : $" layers {LayerSelection.Compact(s.Layers)}");
            string file = $"weights_{Safe(s.Backend)}_n{s.NumLayers}_{Safe(LayerSelection.Compact(s.Layers))}.png";
            AnalysisImages.Bars(Out(file), $"Layer weights, {cfg} ({s.Seeds} seed{(s.Seeds == 1 ? "" : "s")})", "layer", "weight",
                s.Layers.Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray(), ["softmax", "BatchNorm-corrected"],
                [s.Mean, s.CorrectedMean], [s.Std, s.CorrectedStd]);
            images.Add(file);
            var first = runs.First(r => r.Backend == s.Backend && r.NumLayers == s.NumLayers && r.Layers.SequenceEqual(s.Layers));
            if (first.Trajectory.Count > 0)
            {
                string tfile = $"trajectory_{Safe(first.Run)}.png";
                AnalysisImages.Lines(Out(tfile), $"Softmax weights per epoch, {first.Run}", "epoch", "weight",
                    s.Layers.Select(k => $"layer {k}").ToArray(),
                    s.Layers.Select(_ => first.Trajectory.Select(t => (double)t.Epoch).ToArray()).ToArray(),
                    s.Layers.Select((_, i) => first.Trajectory.Select(t => t.Softmax[i]).ToArray()).ToArray());
                images.Add(tfile);
            }
        }
        if (probes is not null)
            foreach (var set in probes.Rows.Where(r => r.Role == "eval").Select(r => r.Set).Distinct().Take(1))
                images.Add($"probes_{Safe(set)}.png"); // the probe curve beside the weights
        Images(images.Where(f => File.Exists(Path.Combine(Directory, f))).ToList());
        return this;
    }

    /// <summary>Writes report.html and returns its path.</summary>
    public string Save()
    {
        string path = Out("report.html");
        var page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(html.Title))
            .Append("</title><style>body{font-family:sans-serif;max-width:1500px;margin:1em auto;padding:0 1em}" +
                    ".banner{background:#fff3cd;border:1px solid #e0c060;padding:.6em;margin:.6em 0}" +
                    "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px}" +
                    ".images{display:flex;flex-wrap:wrap;gap:.5em}.images img{max-width:720px;width:100%}</style></head><body>\n")
            .Append(html.BodyHtml())
            .Append("</body></html>\n");
        AtomicFile.WriteAllText(path, page.ToString());
        return path;
    }

    /// <summary>Written PNG files as inline &lt;img&gt; elements in a wrapping row (for notebooks); names relative to <see cref="Directory"/>.</summary>
    public string ImagesHtml(params string[] images)
    {
        var sb = new StringBuilder("<div class=\"images\" style=\"display:flex;flex-wrap:wrap;gap:.5em\">");
        foreach (var f in images)
            sb.Append("<img style=\"max-width:720px\" alt=\"").Append(WebUtility.HtmlEncode(f)).Append("\" src=\"data:image/png;base64,")
              .Append(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Directory, f)))).Append("\">");
        return sb.Append("</div>\n").ToString();
    }

    /// <summary>The PNG files written so far whose names start with <paramref name="prefix"/>, e.g. "probes_", "hist_", "weights_".</summary>
    public string[] ImagesStartingWith(string prefix) =>
        files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal)).ToArray();

    void Image(string file) => Images([file]);

    void Images(IReadOnlyList<string> images) => html.RawHtml(ImagesHtml([.. images]));

    string Out(string file)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (!files.Contains(file))
            files.Add(file);
        return Path.Combine(Directory, file);
    }

    static string Safe(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());

    static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
