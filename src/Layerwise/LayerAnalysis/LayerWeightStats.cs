using System.Globalization;
using System.Text;
using Layerwise.Models.Backends;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// One run's layer weights: the learned softmax weights w (best checkpoint), the per-layer BatchNorm scale γ in
/// front of them, the weights corrected for that scale, and the softmax weights after every epoch.
/// </summary>
/// <remarks>The back-end sums w_k·BN_k(x_k) and BN_k(x_k) = γ_k·x̂_k + β_k with x̂_k of unit variance, so layer k
/// enters the sum with amplitude w_k·|γ_k|, not w_k: <see cref="Corrected"/> = w_k·|γ_k| / Σ_j w_j·|γ_j|.</remarks>
public sealed record RunWeights(string Run, string Backend, int NumLayers, IReadOnlyList<int> Layers, int Seed,
    double[] Softmax, double[] Gamma, double[] Corrected, IReadOnlyList<(int Epoch, double[] Softmax)> Trajectory);

/// <summary>Mean and spread (sample standard deviation) over seeds of one configuration's weights, per layer.</summary>
public sealed record WeightSummary(string Backend, int NumLayers, IReadOnlyList<int> Layers, int Seeds,
    double[] Mean, double[] Std, double[] CorrectedMean, double[] CorrectedStd);

/// <summary>Layer-weight statistics over run directories (a sweep's or a probe run's): spread over seeds,
/// trajectories over epochs, BatchNorm-corrected weights.</summary>
public static class LayerWeightStats
{
    /// <summary>Finished runs (config.json and metrics.json) anywhere under <paramref name="folder"/>, in path order.</summary>
    public static IReadOnlyList<RunOutcome> FindRuns(string folder)
    {
        if (!Directory.Exists(folder))
            throw new LayerwiseInputException($"{folder}: runs folder not found");
        return Directory.EnumerateFiles(folder, "metrics.json", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Where(d => File.Exists(Path.Combine(d!, "config.json")))
            .Order(StringComparer.Ordinal)
            .Select(d =>
            {
                var dir = new RunDirectory(d!);
                return new RunOutcome(dir, RunDirectory.ReadJson<RunConfig>(dir.ConfigPath), RunDirectory.ReadJson<RunMetrics>(dir.MetricsPath), Reused: true);
            })
            .ToList();
    }

    /// <summary>Reads one run; γ comes from its best checkpoint, loaded into a back-end built by <paramref name="factory"/>.</summary>
    public static RunWeights Read(RunOutcome run, BackendFactory factory)
    {
        var spec = run.Config.Spec;
        var layers = spec.BackendLayers;
        double[] gamma;
        using (var backend = factory(spec.Backend, run.Config.HiddenSize, layers.Count))
        {
            backend.load(run.Directory.BestModelPath);
            var state = backend.state_dict();
            if (!state.TryGetValue("layer_norm.weight", out var g))
                throw new LayerwiseInputException($"{run.Directory.BestModelPath}: no layer_norm.weight (not a layer-wise back-end)");
            gamma = g.detach().to(torch.float64).cpu().data<double>().ToArray();
        }
        var w = run.Metrics.SoftmaxLayerWeights;
        if (w.Length != layers.Count)
            throw new LayerwiseInputException($"{run.Directory.MetricsPath}: {w.Length} layer weights for {layers.Count} layers");
        return new RunWeights(Path.GetFileName(run.Directory.Path), Sweep.BackendLabel(spec.Backend), spec.NumLayers, layers, spec.Seed,
            w, gamma, Corrected(w, gamma), ReadTrajectory(run.Directory.LayerWeightsPath));
    }

    /// <summary>w_k·|γ_k| normalised to sum 1.</summary>
    public static double[] Corrected(IReadOnlyList<double> softmax, IReadOnlyList<double> gamma)
    {
        var a = softmax.Select((w, k) => w * Math.Abs(gamma[k])).ToArray();
        double sum = a.Sum();
        return sum > 0 ? a.Select(v => v / sum).ToArray() : a;
    }

    /// <summary>Per (back-end, n_layers, layer selection): mean and spread over the runs (seeds) of both weight kinds.</summary>
    public static IReadOnlyList<WeightSummary> Summarise(IEnumerable<RunWeights> runs) =>
        runs.GroupBy(r => (r.Backend, r.NumLayers, Layers: LayerSelection.Compact(r.Layers)))
            .OrderBy(g => g.Key.Backend, StringComparer.Ordinal).ThenBy(g => g.Key.NumLayers).ThenBy(g => g.Key.Layers, StringComparer.Ordinal)
            .Select(g =>
            {
                var list = g.ToList();
                int n = list[0].Layers.Count;
                double[] Mean(Func<RunWeights, double[]> f) => Enumerable.Range(0, n).Select(k => list.Average(r => f(r)[k])).ToArray();
                double[] Std(Func<RunWeights, double[]> f) => Enumerable.Range(0, n).Select(k => Stats.StdDev(list.Select(r => f(r)[k]).ToList())).ToArray();
                return new WeightSummary(g.Key.Backend, g.Key.NumLayers, list[0].Layers, list.Count,
                    Mean(r => r.Softmax), Std(r => r.Softmax), Mean(r => r.Corrected), Std(r => r.Corrected));
            })
            .ToList();

    /// <summary>layer_weight_stats.csv: backend,n_layers,layers,layer,seeds,softmax_mean,softmax_std,corrected_mean,corrected_std.</summary>
    public static void WriteSummaryCsv(string path, IEnumerable<WeightSummary> summaries)
    {
        var sb = new StringBuilder("backend,n_layers,layers,layer,seeds,softmax_mean,softmax_std,corrected_mean,corrected_std\n");
        foreach (var s in summaries)
            for (int k = 0; k < s.Layers.Count; k++)
                sb.Append(CultureInfo.InvariantCulture,
                    $"{s.Backend},{s.NumLayers},\"{LayerSelection.Compact(s.Layers)}\",{s.Layers[k]},{s.Seeds},{s.Mean[k]:R},{s.Std[k]:R},{s.CorrectedMean[k]:R},{s.CorrectedStd[k]:R}\n");
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>layer_weight_runs.csv: one row per run, epoch and layer (epoch "best" = the checkpoint kept), with γ and the corrected weight.</summary>
    public static void WriteRunsCsv(string path, IEnumerable<RunWeights> runs)
    {
        var sb = new StringBuilder("run,backend,n_layers,seed,epoch,layer,softmax,gamma,corrected\n");
        foreach (var r in runs)
        {
            foreach (var (epoch, w) in r.Trajectory)
                for (int k = 0; k < r.Layers.Count; k++)
                    sb.Append(CultureInfo.InvariantCulture, $"{r.Run},{r.Backend},{r.NumLayers},{r.Seed},{epoch},{r.Layers[k]},{w[k]:R},,\n");
            for (int k = 0; k < r.Layers.Count; k++)
                sb.Append(CultureInfo.InvariantCulture, $"{r.Run},{r.Backend},{r.NumLayers},{r.Seed},best,{r.Layers[k]},{r.Softmax[k]:R},{r.Gamma[k]:R},{r.Corrected[k]:R}\n");
        }
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>The softmax rows of a run's layer_weights.csv (epoch,kind,layer_1..layer_n); empty when the file is absent.</summary>
    static List<(int, double[])> ReadTrajectory(string path)
    {
        var list = new List<(int, double[])>();
        if (!File.Exists(path))
            return list;
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
                continue;
            var parts = text.Split(',');
            if (parts.Length < 3 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch))
                throw new LayerwiseInputException($"{path}:{line}: expected 'epoch,kind,layer_1,...'");
            if (parts[1] != "softmax")
                continue;
            list.Add((epoch, parts[2..].Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()));
        }
        return list;
    }
}
