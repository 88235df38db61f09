using System.Globalization;
using System.Text;
using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>
/// The paper repository's analysis/results/*.txt files, byte for byte in its layout (tab-separated), from a
/// replication's finished cells:
/// <list type="bullet">
/// <item><c>&lt;seed&gt;_&lt;size&gt;.txt</c>: a header of 5 tabs, the columns in config order, AVG and 2 tabs; then per model its
/// family tag (w2v, hub, wavlm), per back-end "\tFFN", per n_layers "\t\tN\t\t\t" and the EERs (repr(round(x, 2))).</item>
/// <item><c>avg_&lt;size&gt;.txt</c>: a header of 4 tabs, the columns, AVG and 2 tabs; rows "Family\tBACKEND\tROW" (row = index
/// of n in the grid), the seed means, AVG twice.</item>
/// <item><c>weights.&lt;size&gt;.txt</c>: avg's header (as in the repository); rows "TRAINSET\tfamily\tBACKEND\t[w1, ..., wN]":
/// the softmax weights at the grid's deepest n, averaged over seeds, min–max normalised.</item>
/// </list>
/// AVG = the plain mean over the row's columns (NaN, printed "nan", while a cell is missing).
/// </summary>
public static class ReplicationTables
{
    public static IReadOnlyList<string> Sizes(ReplicationConfig c) => c.Models.Select(m => m.Size).Distinct().OrderBy(s => s == "large").ToList();

    static string Header(ReplicationConfig c, int tabs) =>
        new string('\t', tabs) + string.Join("\t", c.Columns.Select(x => x.Column)) + "\tAVG\t\t\n";

    /// <summary>The seed file's model tag.</summary>
    public static string SeedTag(string family) => family switch { "wav2vec2" => "w2v", "hubert" => "hub", _ => family };

    /// <summary>The avg file's model tag.</summary>
    public static string AvgTag(string family) => family switch { "wav2vec2" => "Wav2Vec", "hubert" => "Hubert", "wavlm" => "WavLM", _ => family };

    /// <summary>The weights file's training-set tag (the paper's script tags; others keep the study name).</summary>
    public static string TrainTag(ReplicationStudy s) => s.Train.Dataset switch
    {
        "asvspoof2019-la" => "ASV19",
        "add2023" => "ADD22",
        "habla" => "spanish",
        "partialspoof" => "Part_ASV19",
        "had" => "had",
        "scenefake" => "sceneFake",
        "ctrsvdd" => "music",
        _ => s.Name,
    };

    public static string SeedTable(ReplicationResults r, string size, int seed)
    {
        var c = r.Config;
        var sb = new StringBuilder(Header(c, 5));
        foreach (var m in c.Models.Where(m => m.Size == size))
        {
            sb.Append(SeedTag(m.Family)).Append('\n');
            foreach (var b in c.Backends)
            {
                sb.Append('\t').Append(Sweep.BackendLabel(b)).Append('\n');
                foreach (int n in m.Grid)
                {
                    sb.Append("\t\t").Append(n.ToString(CultureInfo.InvariantCulture)).Append("\t\t\t");
                    var values = c.Columns.Select(col => r.Eer(m, b, n, seed, col.Column)).Append(r.Average(m, b, n, seed));
                    sb.Append(string.Join("\t", values.Select(PythonFloat.Round2))).Append('\n');
                }
            }
        }
        return sb.ToString();
    }

    public static string AverageTable(ReplicationResults r, string size)
    {
        var c = r.Config;
        var sb = new StringBuilder(Header(c, 4));
        foreach (var m in c.Models.Where(m => m.Size == size))
            foreach (var b in c.Backends)
                foreach (var (n, row) in m.Grid.Select((n, i) => (n, i)))
                {
                    double avg = r.SeedMeanAverage(m, b, n);
                    var values = c.Columns.Select(col => r.SeedMean(m, b, n, col.Column)).Append(avg).Append(avg);
                    sb.Append(CultureInfo.InvariantCulture, $"{AvgTag(m.Family)}\t{Sweep.BackendLabel(b)}\t{row}\t")
                      .Append(string.Join("\t", values.Select(PythonFloat.Round2))).Append('\n');
                }
        return sb.ToString();
    }

    public static string WeightsTable(ReplicationResults r, string size)
    {
        var c = r.Config;
        var sb = new StringBuilder(Header(c, 4));
        foreach (var s in c.Studies)
            foreach (var m in c.Models.Where(m => m.Size == size))
                foreach (var b in c.Backends)
                {
                    if (r.MeanWeights(m, s, b, m.MaxLayers) is not { } w)
                        continue;
                    sb.Append(CultureInfo.InvariantCulture, $"{TrainTag(s)}\t{SeedTag(m.Family)}\t{Sweep.BackendLabel(b)}\t[")
                      .Append(string.Join(", ", SweepResults.MinMax(w).Select(PythonFloat.Repr))).Append("]\n");
                }
        return sb.ToString();
    }

    /// <summary>results.csv (<see cref="ResultsCsv"/>: paper_results.csv's columns plus seed, empty = the mean over
    /// seeds), then eer_definition (asvspoof-official | sklearn; AVG rows: per-column) and eer_official_percent (the
    /// official EER kept beside).</summary>
    public static string ResultsCsv(ReplicationResults r) =>
        Training.ResultsCsv.Format(ResultRows(r), ["eer_definition", "eer_official_percent"], F);

    static IEnumerable<(ResultRecord Row, IReadOnlyList<string> Extra)> ResultRows(ReplicationResults r)
    {
        var c = r.Config;
        string seeds = string.Join(",", c.Seeds);
        foreach (var m in c.Models)
            foreach (var b in c.Backends)
                foreach (int n in m.Grid)
                {
                    ResultRecord Row(int? seed, string dataset, double eer, string source) =>
                        new(m.Family, m.Size, Sweep.BackendLabel(b), n, seed, dataset, eer, source);
                    foreach (int seed in c.Seeds)
                    {
                        foreach (var col in c.Columns)
                            if (r.Get(m, b, n, seed, col.Column) is { } e)
                                yield return (Row(seed, col.Column, e.PaperEer, $"layerwise replicate {Cell(c, m, col, b, n, seed)}"),
                                    [Name(e.Definition), F(e.OfficialEer)]);
                        double avg = r.Average(m, b, n, seed);
                        if (!double.IsNaN(avg))
                            yield return (Row(seed, ResultsTable.Average, avg, $"layerwise replicate: mean of the {c.Columns.Count} columns, seed {seed}"),
                                ["per-column", ""]);
                    }
                    foreach (var col in c.Columns)
                    {
                        double mean = r.SeedMean(m, b, n, col.Column);
                        if (!double.IsNaN(mean))
                            yield return (Row(null, col.Column, mean, $"layerwise replicate: mean of seeds {seeds}"),
                                [Name(col.Definition), F(c.Seeds.Average(s => r.Get(m, b, n, s, col.Column)!.OfficialEer))]);
                    }
                    double avgMean = r.SeedMeanAverage(m, b, n);
                    if (!double.IsNaN(avgMean))
                        yield return (Row(null, ResultsTable.Average, avgMean, $"layerwise replicate: mean of seeds {seeds}"), ["per-column", ""]);
                }
    }

    /// <summary>comparison.csv: ours (seed mean, min–max over seeds) against the paper's seed mean, wherever the paper
    /// has the (family, size, back-end, n_layers, column) cell; difference = ours − paper.</summary>
    public static string ComparisonCsv(ReplicationResults r)
    {
        var c = r.Config;
        var sb = new StringBuilder("model_family,size,backend,n_layers,dataset,paper_eer_percent,our_mean_eer_percent,our_min_eer_percent,our_max_eer_percent,seeds,difference\n");
        foreach (var m in c.Models)
            foreach (var b in c.Backends)
            {
                var paper = PaperResults.Table.Select(m.Family, m.Size, Sweep.BackendLabel(b));
                foreach (int n in m.Grid)
                {
                    foreach (var column in c.Columns.Select(x => x.Column).Append(ResultsTable.Average))
                    {
                        var p = paper.FirstOrDefault(x => x.NumLayers == n && x.Dataset == column);
                        if (p is null)
                            continue;
                        var ours = c.Seeds.Select(s => column == ResultsTable.Average ? r.Average(m, b, n, s) : r.Eer(m, b, n, s, column))
                            .Where(v => !double.IsNaN(v)).ToList();
                        if (ours.Count == 0)
                            continue;
                        double mean = ours.Average();
                        sb.Append(CultureInfo.InvariantCulture,
                            $"{m.Family},{m.Size},{Sweep.BackendLabel(b)},{n},{column},{F(p.EerPercent)},{F(mean)},{F(ours.Min())},{F(ours.Max())},{ours.Count},{F(mean - p.EerPercent)}\n");
                    }
                }
            }
        return sb.ToString();
    }

    /// <summary>The id of the cell that produced a column's value.</summary>
    static string Cell(ReplicationConfig c, ReplicationModel m, EvalColumn col, BackendKind b, int n, int seed) =>
        $"{m.Name}/{c.Studies.First(s => s.Eval.Contains(col)).Name}/{Sweep.BackendLabel(b).ToLowerInvariant()}/n{n}/s{seed}";

    static string Name(EerDefinition d) => d == EerDefinition.Official ? "asvspoof-official" : "sklearn";

    static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
