using System.Globalization;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Analysis;

/// <summary>
/// The demo report as one offline HTML file (Layerwise.Analysis.HtmlReport; plotly.js embedded): the notices,
/// the facts, EER vs n_layers, the layer-weight heatmap as in the paper's figures (one row per back-end ×
/// n_layers, seed mean, min–max normalised), DET curves, time per utterance vs n_layers, and the tables.
/// </summary>
public sealed class DemoReportWriter : IReportWriter
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Write(string path, DemoReport report)
    {
        var html = new HtmlReport(report.Title);
        foreach (var notice in report.Notices)
            html.Banner(notice);
        html.Table(["", "value"], report.Facts.Select(f => new[] { f.Name, f.Value }));

        var runs = report.Results.Runs;
        var backends = runs.Select(r => r.Config.Spec.Backend).Distinct().Order().ToList();
        var grid = runs.Select(r => r.Config.Spec.NumLayers).Distinct().Order().ToArray();
        double EvalEer(RunOutcome r) => r.Metrics.Eval.First(m => m.Set == report.EvalSet).EerPercent;

        html.Section($"EER on {report.EvalSet} vs n_layers");
        var eerGrids = backends.Select(b => grid.Where(n => runs.Any(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n)).ToArray()).ToArray();
        html.Chart(StudyCharts.EerVsLayers(
            backends.Select(Sweep.BackendLabel).ToArray(),
            eerGrids,
            backends.Select((b, i) => eerGrids[i].Select(n => runs.Where(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n).Average(EvalEer)).ToArray()).ToArray(),
            title: $"EER on {report.EvalSet}"));
        html.Table(ResultsHeader(runs), runs.Select(ResultsRow));

        html.Section("Layer weights (softmax, seed mean, min–max normalised per row)");
        var rows = new List<string>();
        var weights = new List<double[]>();
        foreach (var b in backends)
            foreach (var n in grid.Where(n => n >= 2))
            {
                var g = runs.Where(r => r.Config.Spec.Backend == b && r.Config.Spec.NumLayers == n).ToList();
                if (g.Count == 0)
                    continue;
                rows.Add($"{Sweep.BackendLabel(b)} n={n}");
                weights.Add(Enumerable.Range(0, n).Select(k => g.Average(r => r.Metrics.SoftmaxLayerWeights[k])).ToArray());
            }
        if (rows.Count > 0)
            html.Chart(StudyCharts.LayerWeightHeatmap(rows.ToArray(), weights.ToArray(), "Layer weights"));

        var first = runs.FirstOrDefault()?.Metrics.Eval.FirstOrDefault(m => m.Set == report.EvalSet);
        if (first is not null)
        {
            html.Section($"Per-attack EER (%) on {report.EvalSet}", level: 3);
            html.Table(
                ["back-end", "n_layers", .. first.PerAttack.Select(a => a.Attack + (a.SeenInTraining ? "" : " (unseen)"))],
                runs.Select(r => new[] { Sweep.BackendLabel(r.Config.Spec.Backend), r.Config.Spec.NumLayers.ToString(Inv) }
                    .Concat(r.Metrics.Eval.First(m => m.Set == report.EvalSet).PerAttack.Select(a => a.EerPercent.ToString("F2", Inv))).ToArray()));
        }

        if (report.Comparison is { } comparison)
            WriteComparison(html, comparison, report.EvalSet);
        if (report.Probes is { Rows.Count: > 0 } probes)
            WriteProbes(html, probes, report.EvalSet);
        if (report.Pretraining is { } pre)
            WritePretraining(html, pre);

        html.Section("DET curves");
        if (report.DetCurves.Count > 0)
            html.Chart(Charts.Det($"DET on {report.EvalSet}",
                report.DetCurves.Select(c => $"{c.Label} ({c.EerPercent.ToString("F2", Inv)}%)").ToArray(),
                report.DetCurves.Select(c => c.FalseAlarm).ToArray(), report.DetCurves.Select(c => c.Miss).ToArray()));

        html.Section("Time per utterance vs n_layers");
        if (report.Timing.Count > 0)
        {
            var t = report.Timing;
            var names = new List<string> { "SSL (truncated)" };
            var values = new List<double[]> { t.Select(r => r.SslMsPerUtterance).ToArray() };
            if (t.All(r => r.FfnMsPerUtterance is not null))
            {
                names.Add("SSL + FFN");
                values.Add(t.Select(r => r.SslMsPerUtterance + r.FfnMsPerUtterance!.Value).ToArray());
            }
            if (t.All(r => r.AasistMsPerUtterance is not null))
            {
                names.Add("SSL + AASIST");
                values.Add(t.Select(r => r.SslMsPerUtterance + r.AasistMsPerUtterance!.Value).ToArray());
            }
            int[] depth = t.Select(r => r.NumLayers).ToArray();
            html.Chart(StudyCharts.TimeVsLayers(names.ToArray(), names.Select(_ => depth).ToArray(), values.ToArray(),
                yTitle: "ms per utterance", title: "Inference time per utterance"));
            html.Table(["n_layers", "SSL ms/utt", "FFN ms/utt", "AASIST ms/utt", "SSL parameters"], t.Select(r => new[]
            {
                r.NumLayers.ToString(Inv), r.SslMsPerUtterance.ToString("F2", Inv), r.FfnMsPerUtterance?.ToString("F2", Inv) ?? "",
                r.AasistMsPerUtterance?.ToString("F2", Inv) ?? "", r.SslParameters.ToString("N0", Inv),
            }));
        }
        html.Paragraph($"EER: {Evaluation.EerDefinition}. Data files: results.csv, runs.csv, layer_weights.csv, weights.txt, timing.csv, comparison.csv and probes.csv (when run), results.json, phases.csv.");
        html.Save(path);
    }

    /// <summary>EER vs n_layers per model (seed mean, with min and max as their own lines), the seed table and the layer weights of both models.</summary>
    static void WriteComparison(HtmlReport html, DemoComparison comparison, string evalSet)
    {
        var cells = comparison.Cells();
        int seeds = cells.Max(c => c.Seeds);
        html.Section($"Random weights vs pretrained: EER on {evalSet} over {seeds} seeds");
        var series = cells.GroupBy(c => (c.Model, c.Backend)).ToList();
        var names = new List<string>();
        var xs = new List<int[]>();
        var ys = new List<double[]>();
        foreach (var g in series)
        {
            var ordered = g.OrderBy(c => c.NumLayers).ToList();
            int[] n = ordered.Select(c => c.NumLayers).ToArray();
            names.Add($"{g.Key.Model} {g.Key.Backend} (mean)");
            xs.Add(n);
            ys.Add(ordered.Select(c => c.Mean).ToArray());
            names.Add($"{g.Key.Model} {g.Key.Backend} (min)");
            xs.Add(n);
            ys.Add(ordered.Select(c => c.Min).ToArray());
            names.Add($"{g.Key.Model} {g.Key.Backend} (max)");
            xs.Add(n);
            ys.Add(ordered.Select(c => c.Max).ToArray());
        }
        html.Chart(StudyCharts.EerVsLayers(names.ToArray(), xs.ToArray(), ys.ToArray(), title: $"EER on {evalSet}: seed mean, min and max"));
        html.Table(["model", "back-end", "n_layers", "seeds", "eval EER % mean", "sd", "min", "max"], cells.Select(c => new[]
        {
            c.Model, c.Backend, c.NumLayers.ToString(Inv), c.Seeds.ToString(Inv), c.Mean.ToString("F2", Inv), c.Sd.ToString("F2", Inv),
            c.Min.ToString("F2", Inv), c.Max.ToString("F2", Inv),
        }));

        var rows = new List<string>();
        var weights = new List<double[]>();
        foreach (var g in comparison.Runs.Where(r => r.NumLayers >= 2).GroupBy(r => (r.Model, r.Backend, r.NumLayers)))
        {
            rows.Add($"{g.Key.Model} {g.Key.Backend} n={g.Key.NumLayers}");
            weights.Add(Enumerable.Range(0, g.Key.NumLayers).Select(k => g.Average(r => r.LayerWeights[k])).ToArray());
        }
        if (rows.Count > 0)
        {
            html.Section("Layer weights of both models (softmax, seed mean, min–max normalised per row)", level: 3);
            html.Chart(StudyCharts.LayerWeightHeatmap(rows.ToArray(), weights.ToArray(), "Layer weights: random vs pretrained"));
        }
    }

    /// <summary>EER of each single-layer probe vs its layer, one line per (model, probe), and the table of probes.csv.</summary>
    static void WriteProbes(HtmlReport html, DemoProbes probes, string evalSet)
    {
        html.Section($"Single-layer probes: EER on {evalSet} of a classifier that sees one layer alone");
        var series = probes.Rows.GroupBy(p => (p.Model, p.Probe, p.Backend)).ToList();
        var names = series.Select(g => $"{g.Key.Model} {(g.Key.Probe == "linear" ? "linear probe" : g.Key.Backend + " on one layer")}").ToArray();
        html.Chart(Charts.Lines($"Single-layer probes: EER on {evalSet}", "layer", "EER (%)", names,
            series.Select(g => g.OrderBy(p => p.Layer).Select(p => (double)p.Layer).ToArray()).ToArray(),
            series.Select(g => g.OrderBy(p => p.Layer).Select(p => p.EvalEerPercent).ToArray()).ToArray()));
        html.Table(["model", "probe", "layer", "back-end", "seed", "dev EER %", $"{evalSet} EER %"], probes.Rows.Select(p => new[]
        {
            p.Model, p.Probe, p.Layer.ToString(Inv), p.Backend, p.Seed?.ToString(Inv) ?? "", p.DevEerPercent.ToString("F2", Inv), p.EvalEerPercent.ToString("F2", Inv),
        }));
        html.Paragraph("single: the FFN back-end trained on that layer alone (the demo's training options and seed; for layer 1 that is the " +
                       "n_layers = 1 run of the sweep, reused); linear: L2-regularised " +
                       "logistic regression (C = 1) on the layer's time-averaged, standardised features. Both read the cached features: no SSL pass.");
    }

    static void WritePretraining(HtmlReport html, Pretraining.PretrainedModelInfo pre)
    {
        html.Section("Pretraining of the model (HuBERT masked prediction, first iteration)");
        var steps = pre.Log.Select(s => (double)s.Step).ToArray();
        html.ChartsSideBySide(
            Charts.Lines("Masked-prediction loss", "step", "loss", ["loss", $"ln k (uniform, k={pre.Clusters})"],
                [steps, [steps[0], steps[^1]]], [pre.Log.Select(s => s.Loss).ToArray(), [Math.Log(pre.Clusters), Math.Log(pre.Clusters)]]),
            Charts.Lines("Masked-frame target accuracy", "step", "accuracy", ["accuracy", "chance 1/k", "majority class"],
                [steps, [steps[0], steps[^1]], [steps[0], steps[^1]]],
                [pre.Log.Select(s => s.MaskedAccuracy).ToArray(), [pre.ChanceAccuracy, pre.ChanceAccuracy], [pre.MajorityClassFraction, pre.MajorityClassFraction]]));
        html.Paragraph($"Made by: {pre.Command} ({pre.Steps} steps, {pre.WallSeconds:F0} s). Final loss {pre.FinalLoss.ToString("F3", Inv)}, " +
                       $"masked accuracy {pre.FinalMaskedAccuracy.ToString("P1", Inv)} (chance {pre.ChanceAccuracy.ToString("P1", Inv)}, " +
                       $"majority class {pre.MajorityClassFraction.ToString("P1", Inv)}); averages over the last 5 % of the steps.");
    }

    static string[] ResultsHeader(IReadOnlyList<RunOutcome> runs) =>
        ["back-end", "n_layers", "seed", "best epoch", "dev EER %",
         .. (runs.FirstOrDefault()?.Metrics.Eval.Select(m => m.Set + " EER %") ?? []), "train s", "SSL passes in training"];

    static string[] ResultsRow(RunOutcome r)
    {
        var s = r.Config.Spec;
        return
        [
            Sweep.BackendLabel(s.Backend), s.NumLayers.ToString(Inv), s.Seed.ToString(Inv), r.Metrics.BestEpoch.ToString(Inv),
            r.Metrics.Dev.EerPercent.ToString("F2", Inv), .. r.Metrics.Eval.Select(m => m.EerPercent.ToString("F2", Inv)),
            r.Metrics.TrainSeconds.ToString("F1", Inv), r.Metrics.SslForwardPassesDuringTraining.ToString(Inv),
        ];
    }
}
