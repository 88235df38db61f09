using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>One column's EERs of one finished cell: the paper's definition for the column, and the official one.</summary>
public sealed record ColumnEer(string Column, EerDefinition Definition, double PaperEer, double OfficialEer);

/// <summary>A finished cell's metrics as the tables need them.</summary>
public sealed record CellResult(ReplicationCell Cell, IReadOnlyList<ColumnEer> Columns, IReadOnlyList<double> SoftmaxLayerWeights);

/// <summary>
/// The finished cells of a replication folder, indexed for the tables: EER(model, back-end, n, seed, column) in the
/// column's paper definition (each column comes from the cell of the study that evaluates it).
/// </summary>
public sealed class ReplicationResults
{
    readonly Dictionary<(string Model, BackendKind Backend, int N, int Seed, string Column), ColumnEer> eers = [];

    public ReplicationResults(ReplicationConfig config, IReadOnlyList<CellResult> cells)
    {
        Config = config;
        Cells = cells;
        foreach (var c in cells)
            foreach (var col in c.Columns)
                eers[(c.Cell.Model.Name, c.Cell.Backend, c.Cell.NumLayers, c.Cell.Seed, col.Column)] = col;
    }

    public ReplicationConfig Config { get; }
    public IReadOnlyList<CellResult> Cells { get; }

    /// <summary>Reads every finished cell's metrics.json (unfinished cells are left out).</summary>
    public static ReplicationResults Load(ReplicationRunner runner)
    {
        var cells = new List<CellResult>();
        foreach (var cell in ReplicationPlan.Cells(runner.Config))
        {
            var path = Path.Combine(runner.CellDirectory(cell), "metrics.json");
            if (!File.Exists(path))
                continue;
            var m = RunDirectory.ReadJson<RunMetrics>(path);
            var cols = cell.Study.Eval.Select(c =>
            {
                var s = m.Eval.FirstOrDefault(e => e.Set == c.Column)
                    ?? throw new ReplicationConfigException($"{path}: no metrics for column '{c.Column}' (the config changed since this cell ran?)");
                double sk = s.EerSklearnPercent ?? throw new ReplicationConfigException($"{path}: no scikit-learn EER for '{c.Column}'");
                return new ColumnEer(c.Column, c.Definition, c.Definition == EerDefinition.Official ? s.EerPercent : sk, s.EerPercent);
            }).ToList();
            cells.Add(new CellResult(cell, cols, m.SoftmaxLayerWeights));
        }
        return new ReplicationResults(runner.Config, cells);
    }

    /// <summary>The column's EER (paper definition) or NaN when its cell has not run.</summary>
    public double Eer(ReplicationModel model, BackendKind backend, int n, int seed, string column) =>
        eers.TryGetValue((model.Name, backend, n, seed, column), out var e) ? e.PaperEer : double.NaN;

    public ColumnEer? Get(ReplicationModel model, BackendKind backend, int n, int seed, string column) =>
        eers.GetValueOrDefault((model.Name, backend, n, seed, column));

    /// <summary>The paper's AVG: the plain mean over the row's columns (NaN while one is missing).</summary>
    public double Average(ReplicationModel model, BackendKind backend, int n, int seed) =>
        Config.Columns.Average(c => Eer(model, backend, n, seed, c.Column));

    /// <summary>Mean over the config's seeds (NaN while one is missing).</summary>
    public double SeedMean(ReplicationModel model, BackendKind backend, int n, string column) =>
        Config.Seeds.Average(s => Eer(model, backend, n, s, column));

    public double SeedMeanAverage(ReplicationModel model, BackendKind backend, int n) =>
        Config.Seeds.Average(s => Average(model, backend, n, s));

    /// <summary>Softmax layer weights of the (model, study, back-end) at depth n, averaged over the seeds that ran; null if none.</summary>
    public double[]? MeanWeights(ReplicationModel model, ReplicationStudy study, BackendKind backend, int n)
    {
        var runs = Cells.Where(c => c.Cell.Model == model && c.Cell.Study == study && c.Cell.Backend == backend && c.Cell.NumLayers == n).ToList();
        if (runs.Count == 0)
            return null;
        return Enumerable.Range(0, n).Select(k => runs.Average(r => r.SoftmaxLayerWeights[k])).ToArray();
    }
}
