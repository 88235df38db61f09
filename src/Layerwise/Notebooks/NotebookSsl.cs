using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace Layerwise.Notebooks;

/// <summary>Measurements on an SSL front-end for the "inside the SSL model" notebook.</summary>
public static class NotebookSsl
{
    /// <summary>
    /// Per-layer statistics of the hidden states of <paramref name="waveforms"/> (one utterance per forward pass):
    /// layer (0 = transformer input), mean and standard deviation over all values, mean L2 norm of a frame, and
    /// class separation: the distance between the bona fide and spoof means of the time-averaged vectors divided by
    /// the root mean within-class variance per dimension (a Fisher-like ratio; 0 when a class is missing).
    /// </summary>
    public static DataFrame LayerStatistics(ISslFrontEnd ssl, IReadOnlyList<float[]> waveforms, IReadOnlyList<Label> labels)
    {
        if (waveforms.Count != labels.Count)
            throw new ArgumentException($"{waveforms.Count} waveforms for {labels.Count} labels");
        int layers = ssl.NumLayers + 1;
        var sum = new double[layers]; var sumSq = new double[layers]; var count = new long[layers]; var norm = new double[layers];
        var frames = new long[layers];
        var pooled = new List<float[]>[layers];
        for (int l = 0; l < layers; l++) pooled[l] = [];
        foreach (var w in waveforms)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var x = tensor(w).unsqueeze(0);
            var output = ssl.Forward(x);
            for (int l = 0; l < layers; l++)
            {
                var h = output.Hidden[l][0].to(ScalarType.Float64); // [T, D]
                sum[l] += h.sum().item<double>();
                sumSq[l] += (h * h).sum().item<double>();
                count[l] += h.numel();
                norm[l] += h.norm(1, keepdim: false, p: 2).sum().item<double>();
                frames[l] += h.shape[0];
                pooled[l].Add(h.mean([0]).to(ScalarType.Float32).data<float>().ToArray());
            }
        }
        var sep = new double[layers];
        for (int l = 0; l < layers; l++)
            sep[l] = Separation(pooled[l], labels);
        var idx = Enumerable.Range(0, layers).ToArray();
        return new DataFrame(
            new Int32DataFrameColumn("layer", idx),
            new DoubleDataFrameColumn("mean", idx.Select(l => sum[l] / count[l])),
            new DoubleDataFrameColumn("std", idx.Select(l => Math.Sqrt(Math.Max(0, sumSq[l] / count[l] - Math.Pow(sum[l] / count[l], 2))))),
            new DoubleDataFrameColumn("frame_norm", idx.Select(l => norm[l] / frames[l])),
            new DoubleDataFrameColumn("class_separation", sep));
    }

    /// <summary>Distance of the class means over the root mean within-class variance (per dimension).</summary>
    public static double Separation(IReadOnlyList<float[]> vectors, IReadOnlyList<Label> labels)
    {
        var a = vectors.Where((_, i) => labels[i] == Label.Bonafide).ToList();
        var b = vectors.Where((_, i) => labels[i] == Label.Spoof).ToList();
        if (a.Count == 0 || b.Count == 0)
            return 0;
        int d = vectors[0].Length;
        double dist2 = 0, within = 0;
        for (int k = 0; k < d; k++)
        {
            double ma = a.Average(v => v[k]), mb = b.Average(v => v[k]);
            dist2 += (ma - mb) * (ma - mb);
            within += (a.Sum(v => (v[k] - ma) * (v[k] - ma)) + b.Sum(v => (v[k] - mb) * (v[k] - mb))) / vectors.Count;
        }
        return within == 0 ? 0 : Math.Sqrt(dist2 / within);
    }

    /// <summary>
    /// Truncation cost: for every n in <paramref name="nLayers"/>, the parameters of the model truncated to n blocks
    /// and the measured seconds per utterance of a forward pass over <paramref name="waveforms"/>: the median of
    /// <paramref name="repeats"/> passes after one warm-up, with the fastest and slowest pass (the spread).
    /// <paramref name="build"/> builds the truncated model.
    /// </summary>
    public static DataFrame TruncationCost(SslConfig config, IReadOnlyList<int> nLayers, Func<int, ISslFrontEnd> build,
        IReadOnlyList<float[]> waveforms, int repeats = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        var median = new List<double>();
        var fastest = new List<double>();
        var slowest = new List<double>();
        foreach (int n in nLayers)
        {
            using var ssl = build(n);
            void Pass()
            {
                foreach (var w in waveforms)
                {
                    using var scope = NewDisposeScope();
                    ForwardTiming.Forward(ssl, tensor(w).unsqueeze(0));
                }
            }
            var times = Timing.Repeat(Pass, warmup: 1, repeats).Select(t => t / waveforms.Count).Order().ToList();
            median.Add(Timing.Median(times));
            fastest.Add(times[0]);
            slowest.Add(times[^1]);
        }
        return new DataFrame(
            new Int32DataFrameColumn("n_layers", nLayers),
            new Int64DataFrameColumn("parameters", nLayers.Select(n => SslModels.ParameterCount(config, n))),
            new Int32DataFrameColumn("repeats", nLayers.Select(_ => repeats)),
            new DoubleDataFrameColumn("seconds_per_utterance", median),
            new DoubleDataFrameColumn("seconds_min", fastest),
            new DoubleDataFrameColumn("seconds_max", slowest));
    }

    /// <summary>The depths to time: every n from 1 to <paramref name="fullLayers"/> for models of up to 12 blocks,
    /// else the sweep's <paramref name="grid"/> with n = 1 and the full depth added.</summary>
    public static int[] TimingGrid(int fullLayers, IEnumerable<int> grid) => fullLayers <= 12
        ? Enumerable.Range(1, fullLayers).ToArray()
        : grid.Append(1).Append(fullLayers).Where(n => n >= 1 && n <= fullLayers).Distinct().Order().ToArray();

    /// <summary>Seconds per utterance vs n_layers from <see cref="TruncationCost"/>: the median of the repeats, the
    /// fastest and slowest repeat, and the theoretical line (compute linear in depth, scaled to the full depth's median).</summary>
    public static Figure TimingChart(DataFrame cost, int fullLayers, string title = "SSL time per utterance vs number of layers")
    {
        int[] ns = cost.Columns["n_layers"].Cast<int>().ToArray();
        double[] Column(string name) => cost.Columns[name].Cast<double?>().Select(v => v ?? double.NaN).ToArray();
        int repeats = cost.Columns["repeats"].Cast<int?>().FirstOrDefault() ?? 0;
        return StudyCharts.TimeVsLayers(ns, Column("seconds_per_utterance"), computeRatio: StudyCharts.LinearComputeRatio(ns, fullLayers),
            title: title, name: $"median of {repeats} repeats", low: Column("seconds_min"), high: Column("seconds_max"));
    }
}
