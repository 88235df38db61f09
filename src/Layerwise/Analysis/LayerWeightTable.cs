using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Layerwise.IO;
using Layerwise.Training;

namespace Layerwise.Analysis;

/// <summary>
/// Layer-weight vectors per (training set, model, back-end), as the paper's <c>weights.{small,large}.txt</c>
/// (the data behind its Figs 2/3). Text format, one row per line, tab-separated:
/// <c>TRAINSET \t model \t BACKEND \t [w1, w2, ...]</c>, optionally followed by <c>\t n_layers=N</c> (written by our
/// sweeps when a table holds several depths). Lines starting with a tab (the reference files' header, a
/// leftover copy of the results header) and blank lines are skipped.
/// The paper's rows are min–max normalised per row (max 1, min 0); <see cref="Normalised"/> does the same.
/// </summary>
public sealed class LayerWeightTable
{
    /// <summary>Label of the average row added by <see cref="WithAverage"/>, as in the paper's figures.</summary>
    public const string AverageLabel = "AVERAGE";

    public LayerWeightTable(IEnumerable<LayerWeightRow> rows) => Rows = rows.ToList();

    public IReadOnlyList<LayerWeightRow> Rows { get; }

    /// <summary>Training-set names of the weight files → the heatmap row labels of the paper (reference section 3.4).</summary>
    public static IReadOnlyDictionary<string, string> PaperTrainingSetLabels { get; } = new Dictionary<string, string>
    {
        ["ASV19"] = "LA19",
        ["ADD22"] = "ADD23",
        ["spanish"] = "HABLA",
        ["Part_ASV19"] = "PartialSpoof",
        ["had"] = "HAD",
        ["sceneFake"] = "SceneFake",
        ["music"] = "CtrSVDD",
    };

    /// <summary>Model tags of the weight files → model_family of the results table.</summary>
    public static IReadOnlyDictionary<string, string> PaperModelLabels { get; } = new Dictionary<string, string>
    {
        ["w2v"] = "wav2vec2",
        ["hub"] = "hubert",
        ["wavlm"] = "wavlm",
    };

    /// <summary>The heatmap row order of the paper's figures.</summary>
    public static IReadOnlyList<string> PaperRowOrder { get; } = ["LA19", "ADD23", "HABLA", "PartialSpoof", "HAD", "SceneFake", "CtrSVDD"];

    /// <summary>Min–max normalisation: (w − min) / (max − min), so max → 1 and min → 0. A constant row (e.g. the
    /// uniform initial weights) becomes all zeros.</summary>
    public static double[] MinMax(IReadOnlyList<double> values) => SweepResults.MinMax(values);

    /// <summary>Softmax of raw (learned) layer weights, as the aggregation applies them.</summary>
    public static double[] Softmax(IReadOnlyList<double> raw)
    {
        if (raw.Count == 0)
            return [];
        double max = raw.Max();
        var e = raw.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>Every row min–max normalised.</summary>
    public LayerWeightTable Normalised() => new(Rows.Select(r => r with { Weights = MinMax(r.Weights) }));

    /// <summary>Rows of one model and back-end (e.g. one panel of the paper's figures).</summary>
    public LayerWeightTable Select(string model, string backend) =>
        new(Rows.Where(r => r.Model == model && r.Backend == backend));

    /// <summary>Paper names mapped to display names (ASV19 → LA19, w2v → wav2vec2, ...; see
    /// <see cref="PaperTrainingSetLabels"/>) and rows sorted in the figures' order.</summary>
    public LayerWeightTable WithPaperLabels()
    {
        var mapped = Rows.Select(r => r with
        {
            TrainingSet = PaperTrainingSetLabels.GetValueOrDefault(r.TrainingSet, r.TrainingSet),
            Model = PaperModelLabels.GetValueOrDefault(r.Model, r.Model),
        });
        return new(mapped.OrderBy(r => Rank(r.TrainingSet)));

        static int Rank(string set)
        {
            int i = PaperRowOrder.ToList().IndexOf(set);
            return i < 0 ? int.MaxValue : i;
        }
    }

    /// <summary>
    /// Appends one "AVERAGE" row per (model, back-end, layer count) with at least two rows: the mean over training
    /// sets of the min–max normalised rows. How the paper formed its AVERAGE row is not documented; this is our
    /// reading of the figures. With <paramref name="renormalise"/> the average is min–max normalised again.
    /// </summary>
    public LayerWeightTable WithAverage(bool renormalise = false)
    {
        var averages = Rows.Where(r => r.TrainingSet != AverageLabel)
            .GroupBy(r => (r.Model, r.Backend, r.Weights.Count, r.NumLayers))
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var normed = g.Select(r => MinMax(r.Weights)).ToList();
                var mean = Enumerable.Range(0, g.Key.Count).Select(k => normed.Average(w => w[k])).ToArray();
                return new LayerWeightRow(AverageLabel, g.Key.Model, g.Key.Backend, renormalise ? MinMax(mean) : mean, g.Key.NumLayers);
            }).ToList();
        return new(Rows.Concat(averages));
    }

    // ---------- text format ----------

    public static LayerWeightTable Read(string path)
    {
        if (!File.Exists(path))
            throw new ResultsFormatException(path, 0, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static LayerWeightTable Parse(string text, string source = "<weights>")
    {
        var rows = new List<LayerWeightRow>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            int lineNo = i + 1;
            if (line.Trim().Length == 0 || line.StartsWith('\t'))
                continue;
            var f = line.Split('\t');
            if (f.Length < 4)
                throw new ResultsFormatException(source, lineNo, $"expected 'TRAINSET<tab>model<tab>BACKEND<tab>[w1, w2, ...]', found {f.Length} tab-separated fields");
            var weights = ParseList(f[3], source, lineNo);
            int? n = null;
            foreach (var extra in f.Skip(4).Where(e => e.Trim().Length > 0))
            {
                var kv = extra.Trim().Split('=', 2);
                if (kv.Length == 2 && kv[0] == "n_layers" && int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int nl) && nl > 0)
                    n = nl;
                else
                    throw new ResultsFormatException(source, lineNo, $"unexpected field '{extra}' (only 'n_layers=N' may follow the weights)");
            }
            if (n is not null && n != weights.Length)
                throw new ResultsFormatException(source, lineNo, $"n_layers={n} but {weights.Length} weights");
            if (f[0].Length == 0 || f[1].Length == 0 || f[2].Length == 0)
                throw new ResultsFormatException(source, lineNo, "empty training set, model or back-end name");
            rows.Add(new LayerWeightRow(f[0], f[1], f[2], weights, n));
        }
        return new(rows);
    }

    static double[] ParseList(string field, string source, int line)
    {
        string t = field.Trim();
        if (t.Length < 2 || t[0] != '[' || t[^1] != ']')
            throw new ResultsFormatException(source, line, $"weights must be a bracketed list like [0.1, 1.0, 0.0], found '{Shorten(t)}'");
        var parts = t[1..^1].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && parts[0].Length == 0)
            throw new ResultsFormatException(source, line, "empty weight list");
        var values = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                throw new ResultsFormatException(source, line, $"weight {k + 1} '{parts[k]}' is not a finite number");
        return values;
    }

    static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    /// <summary>
    /// Reads a tidy layer-weight CSV as the study engine writes it (layer_weights.csv: columns backend, n_layers,
    /// seed, layer and one or more value columns such as softmax_weight, raw_weight, minmax_weight): one row per
    /// (backend, n_layers), the mean over seeds of <paramref name="valueColumn"/>, labelled with
    /// <paramref name="trainingSet"/> and <paramref name="model"/>. Not normalised; see <see cref="Normalised"/>.
    /// </summary>
    public static LayerWeightTable ReadTidyCsv(string path, string trainingSet, string model, string valueColumn = "softmax_weight")
    {
        if (!File.Exists(path))
            throw new ResultsFormatException(path, 0, "file not found");
        var lines = Data.CsvReader.ReadFile(path).ToList();
        if (lines.Count == 0)
            throw new ResultsFormatException(path, 1, "empty file: a header line is required");
        var header = lines[0].Fields.Select(f => f.Trim()).ToArray();
        string[] required = ["backend", "n_layers", "layer", valueColumn];
        var missing = required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new ResultsFormatException(path, lines[0].Line, $"header lacks column(s) {string.Join(", ", missing)} (found: {string.Join(",", header)})");
        int backend = Array.IndexOf(header, "backend"), n = Array.IndexOf(header, "n_layers"),
            layer = Array.IndexOf(header, "layer"), value = Array.IndexOf(header, valueColumn);
        var cells = new List<(string Backend, int N, int Layer, double Value)>();
        foreach (var (line, f) in lines.Skip(1))
        {
            if (f.Length != header.Length)
                throw new ResultsFormatException(path, line, $"{f.Length} fields, the header has {header.Length}");
            if (!int.TryParse(f[n], NumberStyles.Integer, CultureInfo.InvariantCulture, out int nl) || nl <= 0)
                throw new ResultsFormatException(path, line, $"n_layers '{f[n]}' is not a positive integer");
            if (!int.TryParse(f[layer], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) || k < 1 || k > nl)
                throw new ResultsFormatException(path, line, $"layer '{f[layer]}' is not in 1..{nl}");
            if (!double.TryParse(f[value], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new ResultsFormatException(path, line, $"{valueColumn} '{f[value]}' is not a finite number");
            cells.Add((f[backend], nl, k, v));
        }
        var rows = new List<LayerWeightRow>();
        foreach (var g in cells.GroupBy(c => (c.Backend, c.N)))
        {
            var weights = new double[g.Key.N];
            for (int k = 1; k <= g.Key.N; k++)
            {
                var at = g.Where(c => c.Layer == k).ToList();
                if (at.Count == 0)
                    throw new ResultsFormatException(path, 0, $"{g.Key.Backend} n_layers={g.Key.N} has no value for layer {k}");
                weights[k - 1] = at.Average(c => c.Value);
            }
            rows.Add(new LayerWeightRow(trainingSet, model, g.Key.Backend, weights, g.Key.N));
        }
        return new(rows);
    }

    /// <summary>The text format (round-trip precision, no header line).</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var r in Rows)
            sb.Append(SweepResults.WeightsLine(r.TrainingSet, r.Model, r.Backend, r.Weights, r.NumLayers));
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Format"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, Format());

    /// <summary>Tidy view: training_set, model, backend, n_layers (null when not set), layer (1-based), weight.</summary>
    public DataFrame ToDataFrame()
    {
        var cells = Rows.SelectMany(r => r.Weights.Select((w, k) => (r, Layer: k + 1, w))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("training_set", cells.Select(c => c.r.TrainingSet)),
            new StringDataFrameColumn("model", cells.Select(c => c.r.Model)),
            new StringDataFrameColumn("backend", cells.Select(c => c.r.Backend)),
            new PrimitiveDataFrameColumn<int>("n_layers", cells.Select(c => c.r.NumLayers)),
            new PrimitiveDataFrameColumn<int>("layer", cells.Select(c => c.Layer)),
            new PrimitiveDataFrameColumn<double>("weight", cells.Select(c => c.w)));
    }

    /// <summary>Wide view: one row per table row, columns training_set, model, backend, n_layers, then 1..N (null past a row's length).</summary>
    public DataFrame ToWideDataFrame()
    {
        int max = Rows.Count == 0 ? 0 : Rows.Max(r => r.Weights.Count);
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("training_set", Rows.Select(r => r.TrainingSet)),
            new StringDataFrameColumn("model", Rows.Select(r => r.Model)),
            new StringDataFrameColumn("backend", Rows.Select(r => r.Backend)),
            new PrimitiveDataFrameColumn<int>("n_layers", Rows.Select(r => r.NumLayers)),
        };
        for (int k = 0; k < max; k++)
        {
            int layer = k;
            columns.Add(new PrimitiveDataFrameColumn<double>((k + 1).ToString(CultureInfo.InvariantCulture),
                Rows.Select(r => layer < r.Weights.Count ? r.Weights[layer] : (double?)null)));
        }
        return new DataFrame(columns);
    }
}
