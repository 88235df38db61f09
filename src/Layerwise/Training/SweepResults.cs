using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Layerwise.IO;

namespace Layerwise.Training;

/// <summary>
/// A sweep's outcome as tables:
/// results.csv (<see cref="ResultsCsv"/>: model_family,size,backend,n_layers,dataset,eer_percent,source,seed: one row
/// per seed and dataset, plus an AVG row = mean over the eval sets, and seed-mean rows (seed empty) when several
/// seeds ran, like the paper's files),
/// runs.csv (one row per run with dev EER, epochs, timings and SSL forward passes during training), and the
/// layer-weight tables (weights.&lt;size&gt;.txt in the reference's layout, min–max normalised per row).
/// </summary>
public sealed class SweepResults(SweepSpec spec, IReadOnlyList<RunOutcome> runs)
{
    public SweepSpec Spec { get; } = spec;
    public IReadOnlyList<RunOutcome> Runs { get; } = runs;

    public IReadOnlyList<ResultRecord> Rows()
    {
        var rows = new List<ResultRecord>();
        foreach (var r in Runs)
        {
            var s = r.Config.Spec;
            var source = $"layerwise run {Path.GetFileName(r.Directory.Path)} (single run, seed {s.Seed})";
            rows.AddRange(PerDataset(s.Backend, s.NumLayers, s.Seed, r.Metrics.Eval.Select(m => (m.Set, m.EerPercent)).ToList(), source));
        }
        if (Spec.Seeds.Count > 1)
        {
            var seeds = string.Join(",", Spec.Seeds);
            foreach (var g in Runs.GroupBy(r => (r.Config.Spec.Backend, r.Config.Spec.NumLayers)))
            {
                var sets = g.First().Metrics.Eval.Select(m => m.Set).ToList();
                var means = sets.Select(set => (set, g.Average(r => r.Metrics.Eval.First(m => m.Set == set).EerPercent))).ToList();
                rows.AddRange(PerDataset(g.Key.Backend, g.Key.NumLayers, null, means, $"mean of seeds {seeds}"));
            }
        }
        return rows;
    }

    IEnumerable<ResultRecord> PerDataset(Models.Backends.BackendKind backend, int n, int? seed, IReadOnlyList<(string Set, double Eer)> eers, string source)
    {
        foreach (var (set, eer) in eers)
            yield return new ResultRecord(Spec.ModelFamily, Spec.ModelSize, Sweep.BackendLabel(backend), n, seed, set, eer, source);
        if (eers.Count > 0)
            yield return new ResultRecord(Spec.ModelFamily, Spec.ModelSize, Sweep.BackendLabel(backend), n, seed, "AVG", eers.Average(e => e.Eer), source);
    }

    /// <summary>The four tables of a study in <paramref name="folder"/>: results.csv, runs.csv, layer_weights.csv and
    /// weights.txt (rows labelled <paramref name="trainSetName"/>).</summary>
    public void WriteTables(string folder, string trainSetName)
    {
        Directory.CreateDirectory(folder);
        WriteResultsCsv(Path.Combine(folder, "results.csv"));
        WriteRunsCsv(Path.Combine(folder, "runs.csv"));
        WriteLayerWeightsCsv(Path.Combine(folder, "layer_weights.csv"));
        WriteWeightsTable(Path.Combine(folder, "weights.txt"), trainSetName);
    }

    /// <summary>results.csv (<see cref="ResultsCsv"/>), EER rounded to 2 decimals as the paper's tables.</summary>
    public void WriteResultsCsv(string path) =>
        ResultsCsv.Write(path, Rows(), eer => Math.Round(eer, 2).ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>The results table as a DataFrame (the columns of results.csv, EER unrounded).</summary>
    public DataFrame ToDataFrame() => ResultsCsv.ToDataFrame(Rows());

    /// <summary>runs.csv: one line per run.</summary>
    public void WriteRunsCsv(string path)
    {
        var sets = Runs.Count == 0 ? [] : Runs[0].Metrics.Eval.Select(m => m.Set).ToList();
        var sb = new StringBuilder("backend,n_layers,seed,best_epoch,epochs_trained,dev_eer_percent,"
            + string.Concat(sets.Select(s => $"{s}_eer_percent,"))
            + "train_seconds,backend_ms_per_utterance,trainable_parameters,ssl_forward_passes_during_training,reused,run_dir\n");
        foreach (var r in Runs)
        {
            var m = r.Metrics;
            var s = r.Config.Spec;
            sb.Append(CultureInfo.InvariantCulture,
                $"{Sweep.BackendLabel(s.Backend)},{s.NumLayers},{s.Seed},{m.BestEpoch},{m.EpochsTrained},{m.Dev.EerPercent:0.####},");
            foreach (var set in sets)
                sb.Append(CultureInfo.InvariantCulture, $"{m.Eval.First(e => e.Set == set).EerPercent:0.####},");
            sb.Append(CultureInfo.InvariantCulture,
                $"{m.TrainSeconds:0.###},{m.BackendMsPerUtterance:0.####},{m.TrainableParameters},{m.SslForwardPassesDuringTraining},{r.Reused},{r.Directory.Path}\n");
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Softmax layer weights of each run's best checkpoint, min–max normalised per row, in the
    /// reference's weights.*.txt layout: "TRAINSET\tfamily\tBACKEND\t[w1, w2, ...]" (one line per back-end and
    /// n_layers; averaged over seeds).</summary>
    public void WriteWeightsTable(string path, string trainSetName)
    {
        var sb = new StringBuilder();
        foreach (var g in Runs.GroupBy(r => (r.Config.Spec.Backend, r.Config.Spec.NumLayers)).OrderBy(g => g.Key.Backend).ThenBy(g => g.Key.NumLayers))
        {
            int n = g.Key.NumLayers;
            var mean = Enumerable.Range(0, n).Select(k => g.Average(r => r.Metrics.SoftmaxLayerWeights[k])).ToArray();
            sb.Append(WeightsLine(trainSetName, Spec.ModelFamily, Sweep.BackendLabel(g.Key.Backend), MinMax(mean), n));
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>One line of a weights.txt file, "TRAINSET\tmodel\tBACKEND\t[w1, w2, ...]\tn_layers=n" (weights in
    /// round-trip precision; no n_layers field when it is null); the one writer of the format.</summary>
    public static string WeightsLine(string trainingSet, string model, string backend, IEnumerable<double> weights, int? numLayers) =>
        $"{trainingSet}\t{model}\t{backend}\t[{string.Join(", ", weights.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]" +
        (numLayers is int n ? "\tn_layers=" + n.ToString(CultureInfo.InvariantCulture) : "") + "\n";

    /// <summary>Tidy layer weights: backend,n_layers,seed,layer,softmax_weight,raw_weight,minmax_weight.</summary>
    public void WriteLayerWeightsCsv(string path)
    {
        var sb = new StringBuilder("backend,n_layers,seed,layer,softmax_weight,raw_weight,minmax_weight\n");
        foreach (var r in Runs)
        {
            var s = r.Config.Spec;
            var soft = r.Metrics.SoftmaxLayerWeights;
            var mm = MinMax(soft);
            for (int k = 0; k < soft.Length; k++)
                sb.Append(CultureInfo.InvariantCulture,
                    $"{Sweep.BackendLabel(s.Backend)},{s.NumLayers},{s.Seed},{k + 1},{soft[k]:R},{r.Metrics.RawLayerWeights[k]:R},{mm[k]:R}\n");
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Min–max normalisation per row (max → 1, min → 0), as the reference's weight files; a flat row → zeros.</summary>
    public static double[] MinMax(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return [];
        double min = values.Min(), max = values.Max();
        return values.Select(v => max > min ? (v - min) / (max - min) : 0).ToArray();
    }
}
