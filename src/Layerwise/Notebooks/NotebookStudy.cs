using System.Globalization;
using Layerwise.Analysis;
using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Study;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Notebooks;

/// <summary>
/// The study as the notebooks use it: a <see cref="StudySession"/> assembled from the notebook's context (features
/// in <see cref="NotebookContext.CacheDir"/>, runs in <see cref="NotebookContext.RunsDir"/>/&lt;study&gt;), plus the
/// notebooks' tables and charts of its results.
/// </summary>
public sealed class NotebookStudy : StudySession
{
    public const string Preprocessing = StudyDefaults.Preprocessing;
    /// <summary>Input length on the demo corpus (1 s), as <c>Scenario.Demo</c>.</summary>
    public const int DemoFixedLength = StudyDefaults.DemoFixedLength;

    /// <summary>On the demo corpus, fixed-length scenarios crop/tile to 1 s (<see cref="DemoFixedLength"/>), as
    /// <c>layerwise demo</c> does: its clips are 1–2.5 s, and 49 frames instead of 201 keep the notebooks fast.</summary>
    public NotebookStudy(NotebookContext context, Scenario scenario) : base(SetupFor(context, scenario)) => Context = context;

    static StudyInputs SetupFor(NotebookContext context, Scenario scenario) => new(
        ModelInfo(context, context.ModelConfig),
        context.IsDemoData && scenario.FixedLength is not null ? scenario with { FixedLength = DemoFixedLength } : scenario,
        context.CacheDir, context.RunsDir, CacheDatasetOf(context),
        context.IsDemoData, context.Quick, context.Device, () => context.LoadModel());

    public NotebookContext Context { get; }

    /// <summary>The cache's dataset name for a context's utterances: the demo corpus folder name (one per scenario and
    /// size) or the catalog id.</summary>
    public static string CacheDatasetOf(NotebookContext context) =>
        context.IsDemoData ? Path.GetFileName(context.DataRoot) : context.DatasetId;

    /// <summary>All eval splits of another set as one test set of this study's models (cross-dataset testing, 05),
    /// named <see cref="NotebookSet.Name"/> and cached under that set's own dataset name.</summary>
    public FeatureSet EvalSetOf(NotebookSet target)
    {
        var (_, _, evals) = target.Context.TrainDevEval();
        return Set(target.Name, evals.SelectMany(s => s.Utterances).ToList(), CacheDatasetOf(target.Context));
    }

    /// <summary>SSL model info for run records and the cache key: "tiny"/"random:seed=0" for the random-weight model,
    /// else the same identity as the CLI's (<see cref="SslCheckpoint"/>: the id or full path, and a hash of
    /// the weight files), so one checkpoint has one cache folder whichever side extracted it.</summary>
    public static SslModelInfo ModelInfo(NotebookContext context, SslConfig config)
    {
        if (context.ModelFolder is not { } folder)
            return SslCheckpoint.DescribeRandom(NotebookContext.RandomModelId, NotebookContext.RandomModelSeed, config);
        return SslCheckpoint.Describe(context.RequestedModel, folder, config);
    }

    /// <summary>The study's layer weights (weights.txt written by <see cref="WriteTables"/>).</summary>
    public LayerWeightTable LayerWeights(string study) => LayerWeightTable.Read(Path.Combine(StudyDir(study), "weights.txt"));

    /// <summary>One row per run: back-end, n_layers, seed, epochs, dev EER and each eval set's EER (%), training
    /// time, trainable parameters, SSL forward passes during training (0 = trained from the cache), reused.</summary>
    public static DataFrame RunsFrame(SweepResults results)
    {
        var runs = results.Runs;
        var sets = runs.SelectMany(r => r.Metrics.Eval.Select(e => e.Set)).Distinct().ToList();
        var frame = new DataFrame(
            new StringDataFrameColumn("backend", runs.Select(r => Training.Sweep.BackendLabel(r.Config.Spec.Backend))),
            new Int32DataFrameColumn("n_layers", runs.Select(r => r.Config.Spec.NumLayers)),
            new Int32DataFrameColumn("seed", runs.Select(r => r.Config.Spec.Seed)),
            new Int32DataFrameColumn("best_epoch", runs.Select(r => r.Metrics.BestEpoch)),
            new Int32DataFrameColumn("epochs", runs.Select(r => r.Metrics.EpochsTrained)),
            new DoubleDataFrameColumn("dev_eer", runs.Select(r => r.Metrics.Dev.EerPercent)));
        foreach (var set in sets)
            frame.Columns.Add(new DoubleDataFrameColumn(set + "_eer",
                runs.Select(r => r.Metrics.Eval.FirstOrDefault(e => e.Set == set) is { } m ? m.EerPercent : (double?)null)));
        frame.Columns.Add(new DoubleDataFrameColumn("train_seconds", runs.Select(r => Math.Round(r.Metrics.TrainSeconds, 1))));
        frame.Columns.Add(new Int64DataFrameColumn("trainable_parameters", runs.Select(r => r.Metrics.TrainableParameters)));
        frame.Columns.Add(new Int64DataFrameColumn("ssl_passes_in_training", runs.Select(r => r.Metrics.SslForwardPassesDuringTraining)));
        frame.Columns.Add(new BooleanDataFrameColumn("reused", runs.Select(r => r.Reused)));
        return frame;
    }

    /// <summary>Per-attack EER (%) of one eval set: one row per run and attack, with whether training saw the attack.</summary>
    public static DataFrame PerAttackFrame(SweepResults results, string set)
    {
        var rows = results.Runs.SelectMany(r => (r.Metrics.Eval.FirstOrDefault(e => e.Set == set)?.PerAttack ?? [])
            .Select(a => (Run: r, Attack: a))).ToList();
        return new DataFrame(
            new StringDataFrameColumn("backend", rows.Select(x => Training.Sweep.BackendLabel(x.Run.Config.Spec.Backend))),
            new Int32DataFrameColumn("n_layers", rows.Select(x => x.Run.Config.Spec.NumLayers)),
            new StringDataFrameColumn("attack", rows.Select(x => x.Attack.Attack)),
            new BooleanDataFrameColumn("seen_in_training", rows.Select(x => x.Attack.SeenInTraining)),
            new Int32DataFrameColumn("spoof_trials", rows.Select(x => x.Attack.SpoofTrials)),
            new DoubleDataFrameColumn("eer", rows.Select(x => x.Attack.EerPercent)));
    }

    /// <summary>EER vs n_layers per back-end on one eval set (seed mean).</summary>
    public static Figure EerVsLayersChart(SweepResults results, string set, string? title = null)
    {
        var groups = results.Runs.GroupBy(r => r.Config.Spec.Backend).OrderBy(g => g.Key).ToList();
        var names = groups.Select(g => Training.Sweep.BackendLabel(g.Key)).ToArray();
        var points = groups.Select(g => g.GroupBy(r => r.Config.Spec.NumLayers).OrderBy(x => x.Key)
            .Select(x => (N: x.Key, E: x.Average(r => r.Metrics.Eval.First(e => e.Set == set).EerPercent))).ToList()).ToList();
        return StudyCharts.EerVsLayers(names, points.Select(p => p.Select(q => q.N).ToArray()).ToArray(),
            points.Select(p => p.Select(q => q.E).ToArray()).ToArray(),
            title ?? $"EER on {set} vs number of layers" + (names.Length == 1 ? $" ({names[0]})" : "")); // one series has no legend
    }

    /// <summary>EER vs n_layers of one back-end, one series per eval set (seed mean): how the models trained on one set
    /// carry to the others (05).</summary>
    public static Figure EerPerSetChart(SweepResults results, BackendKind backend, string title)
    {
        var runs = results.Runs.Where(r => r.Config.Spec.Backend == backend).ToList();
        var sets = runs.SelectMany(r => r.Metrics.Eval.Select(e => e.Set)).Distinct().ToArray();
        var points = sets.Select(set => runs.GroupBy(r => r.Config.Spec.NumLayers).OrderBy(g => g.Key)
            .Select(g => (N: g.Key, E: g.Average(r => r.Metrics.Eval.First(e => e.Set == set).EerPercent))).ToList()).ToList();
        return StudyCharts.EerVsLayers(sets, points.Select(p => p.Select(q => q.N).ToArray()).ToArray(),
            points.Select(p => p.Select(q => q.E).ToArray()).ToArray(), title);
    }

    /// <summary>Softmax layer weights per epoch of one run (from its layer_weights.csv), as a heatmap epoch × layer:
    /// each row min–max scaled (as the paper's figures), or the raw softmax values (they sum to 1) with
    /// <paramref name="normalise"/> false.</summary>
    public static Figure EpochWeightsChart(RunOutcome run, string? title = null, bool normalise = true)
    {
        var rows = File.ReadAllLines(run.Directory.LayerWeightsPath).Skip(1)
            .Select(l => l.Split(','))
            .Where(p => p.Length > 2 && p[1] == "softmax")
            .Select(p => (Epoch: int.Parse(p[0], CultureInfo.InvariantCulture), W: p.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
            .ToList();
        var labels = rows.Select(r => "epoch " + r.Epoch.ToString(CultureInfo.InvariantCulture)).ToArray();
        return StudyCharts.LayerWeightHeatmap(labels, rows.Select(r => r.W).ToArray(),
            title ?? $"{Training.Sweep.BackendLabel(run.Config.Spec.Backend)} n={run.Config.Spec.NumLayers}: softmax layer weights per epoch "
                + (normalise ? "(min–max per row)" : "(raw softmax)"), normalise);
    }

    /// <summary>The raw softmax layer weights (each row sums to 1; the seed mean per back-end and n_layers), the values
    /// behind the min–max scaled weights.txt heatmap.</summary>
    public static Figure SoftmaxWeightsChart(SweepResults results, string trainSetName, string? title = null)
    {
        var groups = results.Runs.GroupBy(r => (r.Config.Spec.Backend, r.Config.Spec.NumLayers))
            .OrderBy(g => g.Key.Backend).ThenBy(g => g.Key.NumLayers).ToList();
        if (groups.Count == 0)
            throw new ArgumentException("no runs with layer weights");
        var labels = groups.Select(g => $"{trainSetName} {Training.Sweep.BackendLabel(g.Key.Backend)} n={g.Key.NumLayers}").ToArray();
        var weights = groups.Select(g => Enumerable.Range(0, g.Key.NumLayers)
            .Select(k => g.Average(r => r.Metrics.SoftmaxLayerWeights[k])).ToArray()).ToArray();
        return StudyCharts.LayerWeightHeatmap(labels, weights, title ?? $"Softmax layer weights, raw ({trainSetName}; each row sums to 1)", normalise: false);
    }

    /// <summary>
    /// The smallest depth whose EER on <paramref name="set"/> (seed mean) is within <paramref name="tolerancePoints"/>
    /// EER points of the best depth, for the back-end with the lowest EER.
    /// </summary>
    public static RecommendedDepth RecommendDepth(SweepResults results, string set, double tolerancePoints = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerancePoints);
        var perBackend = results.Runs.GroupBy(r => r.Config.Spec.Backend).Select(g =>
        {
            var byDepth = g.GroupBy(r => r.Config.Spec.NumLayers)
                .Select(x => (N: x.Key, Eer: x.Average(r => r.Metrics.Eval.First(e => e.Set == set).EerPercent)))
                .OrderBy(x => x.N).ToList();
            var best = byDepth.OrderBy(x => x.Eer).ThenBy(x => x.N).First();
            var pick = byDepth.First(x => x.Eer <= best.Eer + tolerancePoints);
            return new RecommendedDepth(Training.Sweep.BackendLabel(g.Key), pick.N, pick.Eer, best.N, best.Eer);
        }).ToList();
        if (perBackend.Count == 0)
            throw new ArgumentException("no runs to choose from");
        return perBackend.OrderBy(r => r.BestEerPercent).ThenBy(r => r.NumLayers).First();
    }

    /// <summary>
    /// Every study's results.csv under <see cref="NotebookContext.RunsDir"/> as one table (empty when none ran yet).
    /// A cell (configuration, n_layers, seed, test set) reported by several studies is kept once, from the first study
    /// in folder order; the studies' AVG rows are dropped, since each averages a different set of test sets.
    /// </summary>
    public static ResultsTable CollectResults(NotebookContext context) => new(StudyFiles(context, "results.csv")
        .SelectMany(f => ResultsTable.Read(f).Records)
        .Where(r => r.Dataset != ResultsTable.Average)
        .DistinctBy(r => (r.ModelFamily, r.Size, r.Backend, r.NumLayers, r.Seed, r.Dataset)));

    /// <summary>Every study's weights.txt, as one layer-weight table (rows labelled by training set). Studies that train on
    /// the same set (03, 04 and 05 all train on LA19, 04 reusing 03's runs) write the same rows; a (training set, model,
    /// back-end, depth) is kept once, from the first study in folder order, as in <see cref="CollectResults"/>.</summary>
    public static LayerWeightTable CollectLayerWeights(NotebookContext context) => new(StudyFiles(context, "weights.txt")
        .SelectMany(f => LayerWeightTable.Read(f).Rows)
        .DistinctBy(r => (r.TrainingSet, r.Model, r.Backend, r.NumLayers ?? r.Weights.Count)));

    /// <summary>One row per training set (and model), as the paper's figures: the <paramref name="backend"/>'s run on the whole
    /// model, i.e. its greatest depth; rows in the figures' order.</summary>
    public static LayerWeightTable OnePerTrainingSet(LayerWeightTable table, string backend) => new LayerWeightTable(table.Rows
        .Where(r => r.Backend == backend)
        .GroupBy(r => (r.TrainingSet, r.Model))
        .Select(g => g.MaxBy(r => r.NumLayers ?? r.Weights.Count)!)).WithPaperLabels();

    static IEnumerable<string> StudyFiles(NotebookContext context, string name) => Directory.Exists(context.RunsDir)
        ? Directory.GetDirectories(context.RunsDir).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, name)).Where(File.Exists)
        : [];
}

/// <summary>A recommended truncation depth and the best one it was compared with.</summary>
public sealed record RecommendedDepth(string Backend, int NumLayers, double EerPercent, int BestNumLayers, double BestEerPercent);
