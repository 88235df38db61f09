using System.Globalization;
using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Dsp;
using Layerwise.Metrics;

namespace Layerwise.Analysis;

/// <summary>
/// The study's figures, each a <see cref="Figure"/>: a Plotly.NET HTML fragment (over <see cref="Charts"/>) to put in
/// an <see cref="HtmlReport"/> or display in a notebook with <see cref="HtmlReport.ToNotebookHtml"/>, and the same
/// chart as a static PNG (<see cref="ChartImages"/>). DET curves are HTML only.
/// </summary>
public static class StudyCharts
{
    /// <summary>
    /// Layer weights as in the paper's Figs 2/3: rows = training sets or configurations, columns = layers 1..N,
    /// each row min–max normalised (max 1, min 0), with an "AVERAGE" row per group of two or more rows of the same
    /// model, back-end and depth (see <see cref="LayerWeightTable.WithAverage"/>).
    /// Rows shorter than the longest (smaller n_layers) leave their extra cells empty.
    /// Row labels: the training set, extended by model/back-end/n_layers when the table mixes them.
    /// </summary>
    public static Figure LayerWeightHeatmap(LayerWeightTable table, string title = "Layer weights (min–max normalised)", bool addAverage = true)
    {
        var t = table.Normalised();
        if (addAverage)
            t = t.WithAverage();
        bool mixedModel = t.Rows.Select(r => (r.Model, r.Backend)).Distinct().Count() > 1;
        var labels = t.Rows.Select(r => (mixedModel ? $"{r.TrainingSet} {r.Model} {r.Backend}" : r.TrainingSet)
            + (r.NumLayers is null ? "" : $" n={r.NumLayers}")).ToArray();
        return LayerWeightHeatmap(labels, t.Rows.Select(r => r.Weights.ToArray()).ToArray(), title, normalise: false);
    }

    /// <summary>One panel of the paper's Fig. 2 (small) / Fig. 3 (large) from its published weights, titled as in
    /// the paper (e.g. "Wav2Vec2-Small FFN"), with the AVERAGE row.</summary>
    public static Figure PaperLayerWeightHeatmap(string family, string size, string backend) =>
        LayerWeightHeatmap(PaperResults.LayerWeightPanel(family, size, backend), $"{PaperPanelName(family, size)} {backend} (paper)");

    /// <summary>The paper's panel names: Wav2Vec2-Small, Hubert-Large, WavLM-Small, ...</summary>
    public static string PaperPanelName(string family, string size)
    {
        string f = family switch { "wav2vec2" => "Wav2Vec2", "hubert" => "Hubert", "wavlm" => "WavLM", _ => family };
        return size.Length == 0 ? f : $"{f}-{char.ToUpperInvariant(size[0])}{size[1..]}";
    }

    /// <summary>Layer-weight heatmap from primitives: one row per label, weights of layers 1..N (min–max normalised unless told otherwise).</summary>
    public static Figure LayerWeightHeatmap(string[] rowLabels, double[][] weights, string title = "Layer weights (min–max normalised)", bool normalise = true)
    {
        if (rowLabels.Length != weights.Length)
            throw new ArgumentException($"{rowLabels.Length} labels for {weights.Length} rows");
        if (weights.Length == 0)
            throw new ArgumentException("no layer-weight rows to plot");
        int n = weights.Max(w => w.Length);
        var z = weights.Select(w =>
        {
            var row = normalise ? LayerWeightTable.MinMax(w) : w;
            return Enumerable.Range(0, n).Select(k => k < row.Length ? Math.Round(row[k], 4) : double.NaN).ToArray();
        }).ToArray();
        var x = Enumerable.Range(1, n).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray();
        // Plotly draws the first row at the bottom; reverse so the first label is on top, as in the paper.
        return Figure.Heatmap(title, "layer", "", x, rowLabels.Reverse().ToArray(), z.Reverse().ToArray());
    }

    /// <summary>EER vs n_layers: one line per configuration of <paramref name="table"/> for one dataset (default the
    /// average; recomputed as the mean of the test sets when the table has no AVG rows). Seed null = seed means.</summary>
    public static Figure EerVsLayers(ResultsTable table, string dataset = ResultsTable.Average, int? seed = null, string? title = null)
    {
        var names = new List<string>();
        var xs = new List<double[]>();
        var ys = new List<double[]>();
        foreach (var c in table.Configurations())
        {
            var frame = table.Pivot(c.ModelFamily, c.Size, c.Backend, seed);
            if (!frame.Columns.Any(col => col.Name == dataset))
                continue;
            var points = Enumerable.Range(0, (int)frame.Rows.Count)
                .Where(i => frame[dataset][i] is not null)
                .Select(i => (N: Convert.ToDouble(frame["n_layers"][i], CultureInfo.InvariantCulture), E: Convert.ToDouble(frame[dataset][i], CultureInfo.InvariantCulture)))
                .ToList();
            if (points.Count == 0)
                continue;
            names.Add(c.ToString());
            xs.Add(points.Select(p => p.N).ToArray());
            ys.Add(points.Select(p => p.E).ToArray());
        }
        if (names.Count == 0)
            throw new ArgumentException($"no results for dataset '{dataset}'");
        string label = dataset == ResultsTable.Average ? "average EER" : $"EER on {dataset}";
        return Figure.Lines(title ?? $"{Capitalise(label)} vs number of layers", "n_layers", $"{Capitalise(label)} (%)",
            names.ToArray(), xs.ToArray(), ys.ToArray());
    }

    /// <summary>EER vs n_layers from primitives: one line per name.</summary>
    public static Figure EerVsLayers(string[] names, int[][] nLayers, double[][] eerPercent, string title = "EER vs number of layers", string yTitle = "EER (%)") =>
        Figure.Lines(title, "n_layers", yTitle, names, ToDouble(nLayers), eerPercent);

    /// <summary>
    /// Time (e.g. seconds per utterance, or the real-time factor) vs n_layers. With <paramref name="computeRatio"/>
    /// (fraction of the full model's compute per n_layers, e.g. <see cref="LinearComputeRatio"/>) a "theoretical"
    /// line = ratio × the measured value at the largest n_layers is added; with <paramref name="low"/> and
    /// <paramref name="high"/> (e.g. the fastest and slowest of the repeats) the spread as two more lines.
    /// </summary>
    public static Figure TimeVsLayers(int[] nLayers, double[] values, string yTitle = "seconds per utterance", double[]? computeRatio = null,
        string title = "Time vs number of layers", string name = "measured", double[]? low = null, double[]? high = null)
    {
        if (nLayers.Length != values.Length || nLayers.Length == 0)
            throw new ArgumentException("n_layers and values must be non-empty and of equal length");
        var names = new List<string> { name };
        var xs = new List<double[]> { nLayers.Select(n => (double)n).ToArray() };
        var ys = new List<double[]> { values };
        foreach (var (bound, label) in new[] { (low, "fastest repeat"), (high, "slowest repeat") })
        {
            if (bound is null)
                continue;
            if (bound.Length != nLayers.Length)
                throw new ArgumentException($"{label}: one value per n_layers");
            names.Add(label);
            xs.Add(xs[0]);
            ys.Add(bound);
        }
        if (computeRatio is not null)
        {
            if (computeRatio.Length != nLayers.Length)
                throw new ArgumentException("computeRatio must have one value per n_layers");
            int full = Array.IndexOf(nLayers, nLayers.Max());
            names.Add("theoretical (compute ratio × full)");
            xs.Add(xs[0]);
            ys.Add(computeRatio.Select(r => r * values[full]).ToArray());
        }
        return Figure.Lines(title, "n_layers", yTitle, names.ToArray(), xs.ToArray(), ys.ToArray());
    }

    /// <summary>Time vs n_layers for several series (e.g. per device or per model).</summary>
    public static Figure TimeVsLayers(string[] names, int[][] nLayers, double[][] values, string yTitle = "seconds per utterance", string title = "Time vs number of layers") =>
        Figure.Lines(title, "n_layers", yTitle, names, ToDouble(nLayers), values);

    /// <summary>Compute of the first n of <paramref name="fullLayers"/> blocks relative to all, when a fraction
    /// <paramref name="fixedFraction"/> of the full cost (CNN feature encoder, positional convolution) does not
    /// depend on depth: fixed + (1 − fixed) · n / full.</summary>
    public static double[] LinearComputeRatio(int[] nLayers, int fullLayers, double fixedFraction = 0)
    {
        if (fullLayers <= 0 || fixedFraction < 0 || fixedFraction >= 1)
            throw new ArgumentException("fullLayers must be positive and fixedFraction in [0, 1)");
        return nLayers.Select(n => fixedFraction + (1 - fixedFraction) * n / fullLayers).ToArray();
    }

    /// <summary>Accuracy–speed trade-off: EER vs time, one marker series per name, each point labelled "n=N".</summary>
    public static Figure TradeOff(string[] names, double[][] time, double[][] eerPercent, int[][] nLayers,
        string xTitle = "seconds per utterance", string yTitle = "EER (%)", string title = "EER vs inference time")
    {
        if (names.Length != time.Length || names.Length != eerPercent.Length || names.Length != nLayers.Length)
            throw new ArgumentException("one time, EER and n_layers array per name");
        var labels = nLayers.Select(ns => ns.Select(n => "n=" + n.ToString(CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return Figure.Scatter(title, xTitle, yTitle, names, time, eerPercent, labels);
    }

    /// <summary>DET curves (probit axes) of several systems from their bona fide and spoof scores (higher = bona fide).</summary>
    public static string DetCurves(string[] names, double[][] bonafideScores, double[][] spoofScores, string title = "DET curves", int maxPointsPerCurve = 1000)
    {
        if (names.Length != bonafideScores.Length || names.Length != spoofScores.Length)
            throw new ArgumentException("one bona fide and one spoof score array per name");
        var far = new double[names.Length][];
        var frr = new double[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            var curve = DetCurve.Compute(bonafideScores[i], spoofScores[i]).Thin(maxPointsPerCurve);
            (far[i], frr[i]) = (curve.Far.ToArray(), curve.Frr.ToArray());
        }
        return Charts.Det(title, names, far, frr);
    }

    /// <summary>EER per attack (e.g. the eval split's unseen attacks), one bar series per system.</summary>
    public static Figure PerAttackEer(string[] attacks, string[] systems, double[][] eerPercent, string title = "EER per attack")
    {
        if (systems.Length != eerPercent.Length || eerPercent.Any(v => v.Length != attacks.Length))
            throw new ArgumentException("one EER per attack for each system");
        return Figure.Bars(title, "attack", "EER (%)", attacks, systems, eerPercent);
    }

    /// <summary>Utterance counts per attack (bona fide first) with one bar series per dataset split.</summary>
    public static Figure AttackCounts(IEnumerable<DatasetSummary> summaries, string title = "Utterances per attack")
    {
        var list = summaries.ToList();
        if (list.Count == 0)
            throw new ArgumentException("no dataset summaries");
        var attacks = list.SelectMany(s => s.Attacks.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var categories = new[] { "bonafide" }.Concat(attacks).ToArray();
        var names = list.Select(s => $"{s.Dataset} {s.Split}").ToArray();
        var values = list.Select(s => categories.Select(c => c == "bonafide" ? s.Bonafide : (double)s.Attacks.GetValueOrDefault(c)).ToArray()).ToArray();
        return Figure.Bars(title, "attack", "utterances", categories, names, values);
    }

    /// <summary>Waveform against time; long signals are reduced to a min/max envelope of at most
    /// <paramref name="maxPoints"/> points so the HTML stays small.</summary>
    public static Figure WaveformPlot(float[] samples, int sampleRate, string title = "Waveform", int maxPoints = 4000)
    {
        if (sampleRate <= 0)
            throw new ArgumentException("sample rate must be positive");
        if (samples.Length == 0)
            throw new ArgumentException("no samples to plot");
        var (t, v) = Envelope(samples, sampleRate, maxPoints);
        return Figure.Lines(title, "time (s)", "amplitude", ["waveform"], [t], [v]);
    }

    /// <summary>First channel of decoded audio.</summary>
    public static Figure WaveformPlot(AudioData audio, string title = "Waveform", int maxPoints = 4000) =>
        WaveformPlot(audio.Channels[0], audio.Info.SampleRate, title, maxPoints);

    internal static (double[] Time, double[] Value) Envelope(float[] samples, int sampleRate, int maxPoints)
    {
        if (samples.Length <= maxPoints)
            return (samples.Select((_, i) => Math.Round(i / (double)sampleRate, 6)).ToArray(), samples.Select(s => (double)s).ToArray());
        int buckets = Math.Max(1, maxPoints / 2);
        var time = new List<double>(buckets * 2);
        var value = new List<double>(buckets * 2);
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * samples.Length / buckets), end = (int)((long)(b + 1) * samples.Length / buckets);
            if (end <= start)
                continue;
            int iMin = start, iMax = start;
            for (int i = start; i < end; i++)
            {
                if (samples[i] < samples[iMin]) iMin = i;
                if (samples[i] > samples[iMax]) iMax = i;
            }
            foreach (int i in iMin <= iMax ? new[] { iMin, iMax } : [iMax, iMin])
            {
                time.Add(Math.Round(i / (double)sampleRate, 6));
                value.Add(samples[i]);
            }
        }
        return (time.ToArray(), value.ToArray());
    }

    /// <summary>Log-magnitude spectrogram (dB, 80 dB range) as a heatmap: time (s) × frequency (Hz). Values are
    /// rounded to 0.1 dB for display, and the hop grows when needed so that at most <paramref name="maxCells"/>
    /// values are plotted (a 4 s utterance at 16 kHz is then about 250 kB of HTML).</summary>
    public static Figure SpectrogramHeatmap(float[] samples, int sampleRate, string title = "Spectrogram (dB)", int nFft = 512, int hopLength = 256,
        int? winLength = null, int maxCells = 40_000)
    {
        int bins = nFft / 2 + 1;
        // frames = 1 + samples / hop (centred STFT) must satisfy frames × bins ≤ maxCells.
        if (maxCells > 2 * bins)
            hopLength = Math.Max(hopLength, (int)Math.Ceiling((double)samples.Length * bins / (maxCells - bins)));
        var s = Spectrogram.Compute(samples, sampleRate, nFft, hopLength, winLength);
        var z = s.Db.Select(row => row.Select(v => Math.Round(v, 1)).ToArray()).ToArray();
        return Figure.NumericHeatmap(title, "time (s)", "frequency (Hz)", s.Times.Select(t => Math.Round(t, 4)).ToArray(), s.Frequencies, z);
    }

    /// <summary>First channel of decoded audio.</summary>
    public static Figure SpectrogramHeatmap(AudioData audio, string title = "Spectrogram (dB)", int nFft = 512, int hopLength = 256) =>
        SpectrogramHeatmap(audio.Channels[0], audio.Info.SampleRate, title, nFft, hopLength);

    static double[][] ToDouble(int[][] values) => values.Select(v => v.Select(n => (double)n).ToArray()).ToArray();

    static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
