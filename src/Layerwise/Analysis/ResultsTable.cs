using System.Globalization;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Analysis;

/// <summary>
/// A tidy results table in the shape of the paper's tables: one row per (model_family, size, backend, n_layers,
/// seed, dataset) with eer_percent; rows with an empty seed are means over seeds; the "AVG" dataset is the plain
/// mean of the test sets (as in the reference repo). Columns are those of results.csv (<see cref="ResultsCsv"/>:
/// paper_results.csv's plus <c>seed</c>), which reads paper_results.csv and results.csv written before the seed
/// column too (the seed is then taken from the source text "single run, seed N").
/// </summary>
public sealed class ResultsTable
{
    /// <summary>The average "dataset" name.</summary>
    public const string Average = "AVG";

    /// <summary>The 10 test sets of the paper, in its column order.</summary>
    public static IReadOnlyList<string> PaperTestSets { get; } =
        ["LA19", "LA21", "DF21", "ADD23.1", "ADD23.2", "HABLA", "PartialSpoof", "HAD", "SceneFake", "CtrSVDD"];

    /// <summary>The paper's name of a test set: the reference repository's tables (and results written before the
    /// rename) call PartialSpoof "Partial".</summary>
    public static string PaperSetName(string dataset) => dataset == "Partial" ? "PartialSpoof" : dataset;

    /// <summary>CSV columns written by <see cref="Write"/> (those of results.csv).</summary>
    public static IReadOnlyList<string> Columns => ResultsCsv.Columns;


    public ResultsTable(IEnumerable<ResultRecord> records) => Records = records.ToList();

    public IReadOnlyList<ResultRecord> Records { get; }

    public int Count => Records.Count;

    public ResultsTable Where(Func<ResultRecord, bool> predicate) => new(Records.Where(predicate));

    /// <summary>This table's rows followed by <paramref name="other"/>'s (e.g. ours and the paper's, for one chart).</summary>
    public ResultsTable Concat(ResultsTable other) => new(Records.Concat(other.Records));

    /// <summary>Configurations in order of first appearance.</summary>
    public IReadOnlyList<ResultConfiguration> Configurations() => Records.Select(r => r.Configuration).Distinct().ToList();

    /// <summary>Test sets (not AVG): the paper's in its order first, others in order of first appearance.</summary>
    public IReadOnlyList<string> TestSets()
    {
        var present = Records.Select(r => r.Dataset).Where(d => d != Average).Distinct().ToList();
        return PaperTestSets.Where(present.Contains).Concat(present.Where(d => !PaperTestSets.Contains(d))).ToList();
    }

    /// <summary>Seeds of the per-seed rows, ascending.</summary>
    public IReadOnlyList<int> Seeds() => Records.Where(r => r.Seed is not null).Select(r => r.Seed!.Value).Distinct().Order().ToList();

    // ---------- seed means and statistics ----------

    /// <summary>
    /// The seed-mean rows: where a (configuration, n_layers, dataset) has stored mean rows (seed empty) they are
    /// kept, otherwise the plain mean of its per-seed rows is computed (source "mean of seeds a,b,c").
    /// </summary>
    public ResultsTable SeedMeans()
    {
        var stored = Records.Where(r => r.Seed is null).ToList();
        var storedKeys = stored.Select(Key).ToHashSet();
        var computed = Records.Where(r => r.Seed is not null && !storedKeys.Contains(Key(r)))
            .GroupBy(Key)
            .Select(g =>
            {
                var first = g.First();
                string seeds = string.Join(",", g.Select(r => r.Seed!.Value).Order());
                return first with { Seed = null, EerPercent = g.Average(r => r.EerPercent), Source = $"mean of seeds {seeds}" };
            });
        return new ResultsTable(stored.Concat(computed));
    }

    /// <summary>
    /// Per (configuration, n_layers, dataset): number of seeds, mean and sample standard deviation (n − 1, as
    /// pandas; null with a single seed) of the per-seed rows. Columns model_family, size, backend, n_layers,
    /// dataset, seeds, eer_mean, eer_sd.
    /// </summary>
    public DataFrame SeedStatistics()
    {
        var groups = Records.Where(r => r.Seed is not null).GroupBy(Key).ToList();
        var stats = groups.Select(g =>
        {
            var v = g.Select(r => r.EerPercent).ToArray();
            double mean = v.Average();
            double? sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : null;
            return (g.First(), v.Length, mean, sd);
        }).ToList();
        return new DataFrame(
            new StringDataFrameColumn("model_family", stats.Select(s => s.Item1.ModelFamily)),
            new StringDataFrameColumn("size", stats.Select(s => s.Item1.Size)),
            new StringDataFrameColumn("backend", stats.Select(s => s.Item1.Backend)),
            new PrimitiveDataFrameColumn<int>("n_layers", stats.Select(s => s.Item1.NumLayers)),
            new StringDataFrameColumn("dataset", stats.Select(s => s.Item1.Dataset)),
            new PrimitiveDataFrameColumn<int>("seeds", stats.Select(s => s.Length)),
            new PrimitiveDataFrameColumn<double>("eer_mean", stats.Select(s => s.mean)),
            new PrimitiveDataFrameColumn<double>("eer_sd", stats.Select(s => s.sd)));
    }

    // ---------- per-configuration views ----------

    /// <summary>Rows of one configuration: per-seed rows of <paramref name="seed"/>, or the seed means when null.</summary>
    public IReadOnlyList<ResultRecord> Select(string family, string size, string backend, int? seed = null)
    {
        var source = seed is null ? SeedMeans().Records : Records;
        return source.Where(r => r.ModelFamily == family && r.Size == size && r.Backend == backend && r.Seed == seed).ToList();
    }

    /// <summary>n_layers present for a configuration, ascending.</summary>
    public IReadOnlyList<int> NumLayers(string family, string size, string backend) =>
        Records.Where(r => r.ModelFamily == family && r.Size == size && r.Backend == backend)
            .Select(r => r.NumLayers).Distinct().Order().ToList();

    /// <summary>
    /// EER table of one configuration: one row per n_layers, one column per test set and AVG (stored AVG rows;
    /// recomputed as the plain mean of the test sets when absent or when <paramref name="recomputeAverage"/>).
    /// Seed null = seed means. Missing cells are null.
    /// </summary>
    public DataFrame Pivot(string family, string size, string backend, int? seed = null, bool recomputeAverage = false)
    {
        var rows = Select(family, size, backend, seed);
        var sets = new ResultsTable(rows).TestSets();
        var ns = rows.Select(r => r.NumLayers).Distinct().Order().ToList();
        var columns = new List<DataFrameColumn> { new PrimitiveDataFrameColumn<int>("n_layers", ns) };
        foreach (var set in sets)
            columns.Add(new PrimitiveDataFrameColumn<double>(set, ns.Select(n => Cell(rows, n, set))));
        var avg = AverageByLayersOf(rows, sets);
        columns.Add(new PrimitiveDataFrameColumn<double>(Average,
            ns.Select(n => recomputeAverage ? Nullable(avg, n) : Cell(rows, n, Average) ?? Nullable(avg, n))));
        return new DataFrame(columns);
    }

    /// <summary>
    /// Average EER by n_layers for one configuration: the plain mean of its test-set rows (AVG rows ignored,
    /// recomputed as in the reference repo). Only n_layers with every test set of the configuration are listed.
    /// </summary>
    public IReadOnlyDictionary<int, double> AverageByLayers(string family, string size, string backend, int? seed = null)
    {
        var rows = Select(family, size, backend, seed);
        return AverageByLayersOf(rows, new ResultsTable(rows).TestSets());
    }

    /// <summary>The n_layers with the lowest average EER (ties: the smaller, cheaper depth).</summary>
    public (int NumLayers, double AverageEer) BestNumLayers(string family, string size, string backend, int? seed = null)
    {
        var avg = AverageByLayers(family, size, backend, seed);
        if (avg.Count == 0)
            throw new ArgumentException($"no complete results for {family}-{size} {backend}" + (seed is null ? "" : $" seed {seed}"));
        var best = avg.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key).First();
        return (best.Key, best.Value);
    }

    /// <summary>
    /// One row per configuration: best n_layers by average EER and the full (largest) depth. Columns
    /// model_family, size, backend, best_n_layers, best_avg_eer, full_n_layers, full_avg_eer.
    /// </summary>
    public DataFrame BestConfigurations(int? seed = null)
    {
        var rows = new List<(ResultConfiguration C, int Bn, double Be, int Fn, double Fe)>();
        foreach (var c in Configurations())
        {
            var avg = AverageByLayers(c.ModelFamily, c.Size, c.Backend, seed);
            if (avg.Count == 0)
                continue;
            var (bn, be) = BestNumLayers(c.ModelFamily, c.Size, c.Backend, seed);
            int fn = avg.Keys.Max();
            rows.Add((c, bn, be, fn, avg[fn]));
        }
        return new DataFrame(
            new StringDataFrameColumn("model_family", rows.Select(r => r.C.ModelFamily)),
            new StringDataFrameColumn("size", rows.Select(r => r.C.Size)),
            new StringDataFrameColumn("backend", rows.Select(r => r.C.Backend)),
            new PrimitiveDataFrameColumn<int>("best_n_layers", rows.Select(r => r.Bn)),
            new PrimitiveDataFrameColumn<double>("best_avg_eer", rows.Select(r => r.Be)),
            new PrimitiveDataFrameColumn<int>("full_n_layers", rows.Select(r => r.Fn)),
            new PrimitiveDataFrameColumn<double>("full_avg_eer", rows.Select(r => r.Fe)));
    }

    /// <summary>
    /// Our seed means next to the paper's (or any reference table's) seed means, matched on (model_family, size,
    /// backend, n_layers, dataset). <paramref name="paperFamily"/>/<paramref name="paperSize"/> compare our rows with
    /// another configuration of the paper (e.g. a small demo model against wav2vec2-small). Columns model_family,
    /// size, backend, n_layers, dataset, ours_eer_percent, paper_config, paper_eer_percent (null when the paper has
    /// no such cell), difference (ours − paper).
    /// </summary>
    public DataFrame CompareWith(ResultsTable paper, string? paperFamily = null, string? paperSize = null)
    {
        var reference = paper.SeedMeans().Records
            .GroupBy(r => (r.ModelFamily, r.Size, r.Backend, r.NumLayers, r.Dataset))
            .ToDictionary(g => g.Key, g => g.First().EerPercent);
        var ours = SeedMeans().Records.ToList();
        var paperCfg = ours.Select(r => (Family: paperFamily ?? r.ModelFamily, Size: paperSize ?? r.Size)).ToList();
        var paperEer = ours.Select((r, i) => reference.TryGetValue((paperCfg[i].Family, paperCfg[i].Size, r.Backend, r.NumLayers, r.Dataset), out var v)
            ? v : (double?)null).ToList();
        return new DataFrame(
            new StringDataFrameColumn("model_family", ours.Select(r => r.ModelFamily)),
            new StringDataFrameColumn("size", ours.Select(r => r.Size)),
            new StringDataFrameColumn("backend", ours.Select(r => r.Backend)),
            new PrimitiveDataFrameColumn<int>("n_layers", ours.Select(r => r.NumLayers)),
            new StringDataFrameColumn("dataset", ours.Select(r => r.Dataset)),
            new PrimitiveDataFrameColumn<double>("ours_eer_percent", ours.Select(r => r.EerPercent)),
            new StringDataFrameColumn("paper_config", paperCfg.Select(c => $"{c.Family}-{c.Size}")),
            new PrimitiveDataFrameColumn<double>("paper_eer_percent", paperEer),
            new PrimitiveDataFrameColumn<double>("difference", ours.Select((r, i) => r.EerPercent - paperEer[i])));
    }

    // A cell of the table regardless of seed.
    static (string, string, string, int, string) Key(ResultRecord r) =>
        (r.ModelFamily, r.Size, r.Backend, r.NumLayers, r.Dataset);

    static double? Cell(IReadOnlyList<ResultRecord> rows, int n, string set)
    {
        var match = rows.Where(r => r.NumLayers == n && r.Dataset == set).Select(r => r.EerPercent).ToList();
        return match.Count == 0 ? null : match.Average();
    }

    static double? Nullable(IReadOnlyDictionary<int, double> d, int n) => d.TryGetValue(n, out var v) ? v : null;

    static SortedDictionary<int, double> AverageByLayersOf(IReadOnlyList<ResultRecord> rows, IReadOnlyList<string> sets)
    {
        var result = new SortedDictionary<int, double>();
        foreach (var g in rows.Where(r => r.Dataset != Average).GroupBy(r => r.NumLayers))
        {
            var cells = sets.Select(s => Cell(g.ToList(), g.Key, s)).ToList();
            if (cells.All(c => c is not null))
                result[g.Key] = cells.Average(c => c!.Value);
        }
        return result;
    }

    // ---------- CSV (results.csv: ResultsCsv, the one reader and writer) ----------

    /// <summary>Reads a results.csv (ours, replicate's, or one written before the seed column) or paper_results.csv.</summary>
    public static ResultsTable Read(string path) => FromFile(ResultsCsv.Read(path));

    /// <summary>Parses a results CSV (header with at least model_family, size, backend, n_layers, dataset, eer_percent).</summary>
    public static ResultsTable Parse(string text, string source = "<results>") => FromFile(ResultsCsv.Parse(text, source));

    static ResultsTable FromFile(IReadOnlyList<ResultRecord> rows) => new(rows.Select(r => r with { Dataset = PaperSetName(r.Dataset) }));

    /// <summary>The CSV text (<see cref="ResultsCsv"/>'s columns; EER with round-trip precision; empty seed = mean).</summary>
    public string ToCsv() => ResultsCsv.Format(Records);

    /// <summary>Writes <see cref="ToCsv"/> atomically (temporary file, then rename).</summary>
    public void Write(string path) => ResultsCsv.Write(path, Records);

    // ---------- DataFrame ----------

    /// <summary>Columns as <see cref="Columns"/>; seed is a nullable int column.</summary>
    public DataFrame ToDataFrame() => ResultsCsv.ToDataFrame(Records);

    /// <summary>The inverse of <see cref="ToDataFrame"/>; seed and source columns are optional.</summary>
    public static ResultsTable FromDataFrame(DataFrame frame)
    {
        var names = frame.Columns.Select(c => c.Name).ToHashSet();
        var missing = ResultsCsv.RequiredColumns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"DataFrame lacks column(s) {string.Join(", ", missing)}", nameof(frame));
        var records = new List<ResultRecord>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            string S(string c) => Convert.ToString(frame[c][i], CultureInfo.InvariantCulture) ?? "";
            int? seed = names.Contains("seed") && frame["seed"][i] is { } s ? Convert.ToInt32(s, CultureInfo.InvariantCulture) : null;
            records.Add(new ResultRecord(S("model_family"), S("size"), S("backend"),
                Convert.ToInt32(frame["n_layers"][i], CultureInfo.InvariantCulture), seed, S("dataset"),
                Convert.ToDouble(frame["eer_percent"][i], CultureInfo.InvariantCulture),
                names.Contains("source") ? S("source") : ""));
        }
        return new ResultsTable(records);
    }
}
