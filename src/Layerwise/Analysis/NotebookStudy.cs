using System.Globalization;
using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Analysis;

/// <summary>
/// The study engine as the notebooks use it: features of named utterance sets in the notebooks' shared cache
/// (<see cref="NotebookContext.CacheDir"/>, extracted only when missing, with the SSL built on first need), and
/// sweeps of n_layers × back-ends × seeds in <see cref="NotebookContext.RunsDir"/>/&lt;study&gt; (finished runs are
/// reused). Every layer of the model is stored, so every notebook and every depth shares one cache key.
/// </summary>
public sealed class NotebookStudy : IDisposable
{
    public const string Preprocessing = "mono;16k;raw-float;no-normalisation";
    /// <summary>Input length on the demo corpus (1 s), as <c>Scenario.Demo</c>.</summary>
    public const int DemoFixedLength = 16000;

    readonly Dictionary<string, CachedFeatureSource> sources = [];
    readonly List<ExtractionReport> extractions = [];
    ISslFrontEnd? ssl;

    /// <summary>On the demo corpus, fixed-length scenarios crop/tile to 1 s (<see cref="DemoFixedLength"/>), as
    /// <c>layerwise demo</c> does: its clips are 1–2.5 s, and 49 frames instead of 201 keep the notebooks fast.</summary>
    public NotebookStudy(NotebookContext context, Scenario scenario)
    {
        Context = context;
        Scenario = context.IsDemoData && scenario.FixedLength is not null ? scenario with { FixedLength = DemoFixedLength } : scenario;
        var config = context.ModelConfig;
        Model = ModelInfo(context, config);
        Key = new FeatureCacheKey(Model.Id, Model.Revision, Preprocessing, scenario.InputPolicy, config.NumHiddenLayers);
        Cache = FeatureCache.OpenOrCreate(context.CacheDir, Key, config.HiddenSize);
    }

    public NotebookContext Context { get; }
    public Scenario Scenario { get; }
    public SslModelInfo Model { get; }
    public FeatureCacheKey Key { get; }
    public FeatureCache Cache { get; }
    /// <summary>Extraction progress (e.g. a notebook progress bar); null = silent.</summary>
    public IProgress<ExtractionProgress>? ExtractionProgress { get; set; }
    /// <summary>Sweep progress; null = silent.</summary>
    public IProgress<SweepProgress>? SweepProgress { get; set; }

    /// <summary>SSL model info for run records and the cache key: "tiny"/"random:seed=0" for the random-weight model,
    /// else the same identity as the CLI's (<see cref="Replication.SslCheckpoint"/>: the id or full path, and a hash of
    /// the weight files), so one checkpoint has one cache folder whichever side extracted it.</summary>
    public static SslModelInfo ModelInfo(NotebookContext context, SslConfig config)
    {
        string family = Replication.SslCheckpoint.Family(config.ModelType);
        if (context.ModelFolder is not { } folder)
            return new SslModelInfo(NotebookContext.RandomModelId, $"random:seed={NotebookContext.RandomModelSeed}", true, family, "tiny",
                config.NumHiddenLayers, config.HiddenSize);
        // The CLI's identity (Replication.SslCheckpoint), so the same checkpoint shares one cache folder with `layerwise extract`.
        bool shipped = EmbeddedModels.IsEmbedded(context.RequestedModel);
        return new SslModelInfo(Replication.SslCheckpoint.Identity(context.RequestedModel), Replication.SslCheckpoint.WeightsRevision(folder), false,
            family, shipped ? "tiny" : Replication.SslCheckpoint.Size(config),
            config.NumHiddenLayers, config.HiddenSize);
    }

    /// <summary>Cache dataset name of the context's data: the demo corpus folder name (one per scenario and size)
    /// or the catalog id.</summary>
    public string DefaultCacheDataset => Context.IsDemoData ? Path.GetFileName(Context.DataRoot) : Context.DatasetId;

    /// <summary>The waveform as the scenario feeds it: mono 16 kHz, cut or tiled to its fixed length (or full).</summary>
    public float[] LoadWave(Utterance utterance)
    {
        var x = AudioFile.ReadMono(utterance.AudioPath);
        return Scenario.FixedLength is int n ? InputPolicy.FixedLength(x, n) : x;
    }

    /// <summary>
    /// A feature set named <paramref name="name"/> (the name results use, e.g. "LA19") over
    /// <paramref name="utterances"/>, whose features come from the cache under <paramref name="cacheDataset"/>
    /// (default <see cref="DefaultCacheDataset"/>); missing entries are extracted first.
    /// </summary>
    public FeatureSet Set(string name, IReadOnlyList<Utterance> utterances, string? cacheDataset = null)
    {
        cacheDataset ??= DefaultCacheDataset;
        if (utterances.Any(u => !Cache.Contains(cacheDataset, u.Id)))
        {
            ssl ??= CountingSslFrontEnd.Wrap(Context.LoadModel());
            // Variable-length inputs (full-length policy) go one by one; fixed-length ones in small batches.
            var options = new ExtractionOptions(Scenario.FixedLength is null ? 1 : 4);
            var report = HiddenStateExtractor.Extract(ssl, Cache, cacheDataset, utterances, LoadWave, options, ExtractionProgress);
            extractions.Add(report);
        }
        else
            extractions.Add(new ExtractionReport(cacheDataset, utterances.Count, utterances.Count, 0, utterances.Count, 0, 0, TimeSpan.Zero));
        if (!sources.TryGetValue(cacheDataset, out var source))
            sources[cacheDataset] = source = new CachedFeatureSource(Cache, cacheDataset, keepInMemory: true);
        return new FeatureSet(name, utterances, source);
    }

    /// <summary>What the <see cref="Set"/> calls extracted and reused so far.</summary>
    public DataFrame ExtractionSummary() => new(
        new StringDataFrameColumn("cache_dataset", extractions.Select(e => e.Dataset)),
        new Int32DataFrameColumn("utterances", extractions.Select(e => e.InShard)),
        new Int32DataFrameColumn("computed", extractions.Select(e => e.Computed)),
        new Int32DataFrameColumn("reused", extractions.Select(e => e.Skipped)),
        new DoubleDataFrameColumn("seconds", extractions.Select(e => Math.Round(e.Elapsed.TotalSeconds, 2))));

    /// <summary>The n_layers grid: the paper's for its model sizes; for the tiny model 1..4 (quick: 1, 2, 4).</summary>
    public IReadOnlyList<int> DefaultGrid()
    {
        int l = Model.Layers;
        if (Model.Size == "large" && l == 24)
            return Context.Quick ? [4, 12, 24] : SweepSpec.LargeGrid;
        if (l == 12)
            return Context.Quick ? [2, 6, 12] : SweepSpec.SmallGrid;
        var all = Enumerable.Range(1, l).ToList();
        return Context.Quick ? all.Where(n => n == 1 || n == l || (n & (n - 1)) == 0).Distinct().ToList() : all;
    }

    /// <summary>
    /// Training options. Real data: the paper's (lr 1e-4, ≤ 50 epochs, patience 10; quick: ≤ 12 epochs, patience 4).
    /// Demo corpus (about 300× smaller than LA19, a few batches per epoch): as <c>layerwise demo</c>, lr 1e-3,
    /// ≤ 20 epochs, patience 5; quick: ≤ 40 epochs, patience 6, so that a run stops early at its best dev EER rather
    /// than at its last epoch (an FFN epoch on the quick corpus takes well under 0.1 s). <paramref name="quickEpochs"/>
    /// caps quick mode further (e.g. for the slower AASIST).
    /// </summary>
    public TrainingOptions DefaultTraining(int? quickEpochs = null)
    {
        string device = Context.Device == "auto" ? Runtime.Devices.Resolve("auto").type.ToString().ToLowerInvariant() : Context.Device;
        var options = Context.IsDemoData
            ? new TrainingOptions { LearningRate = 1e-3, MaxEpochs = Context.Quick ? 40 : 20, Patience = Context.Quick ? 6 : 5 }
            : new TrainingOptions { MaxEpochs = Context.Quick ? 12 : 50, Patience = Context.Quick ? 4 : 10 };
        if (Context.Quick && quickEpochs is int cap)
            options = options with { MaxEpochs = Math.Min(options.MaxEpochs, cap) };
        return options with { KeepEpochCheckpoints = !Context.Quick, Device = device };
    }

    /// <summary>
    /// Trains and evaluates n_layers × back-ends × seeds over the cached features. Runs live in
    /// <see cref="NotebookContext.RunsDir"/>/<paramref name="study"/>/runs (or in <paramref name="runsFrom"/>'s folder, to
    /// reuse another study's finished runs of the same configuration and eval sets); finished runs are reused.
    /// </summary>
    public SweepResults Sweep(string study, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals,
        IReadOnlyList<int>? nLayers = null, IReadOnlyList<BackendKind>? backends = null, IReadOnlyList<int>? seeds = null,
        TrainingOptions? training = null, string? runsFrom = null)
    {
        var spec = new SweepSpec(Model.Family, Model.Size, nLayers ?? DefaultGrid(), backends ?? [BackendKind.Ffn, BackendKind.Aasist],
            seeds ?? [1], Scenario, training ?? DefaultTraining());
        return Training.Sweep.Execute(spec, Backends.Create, train, dev, evals, StudyDir(runsFrom ?? study),
            RunContext.Default with { SslModel = Model, CacheKey = Key }, SweepProgress);
    }

    /// <summary>Several sweeps' runs as one result set (e.g. back-ends trained with different epoch budgets).</summary>
    public static SweepResults Combine(params SweepResults[] parts) => new(
        parts[0].Spec with
        {
            NumLayers = parts.SelectMany(p => p.Spec.NumLayers).Distinct().Order().ToList(),
            Backends = parts.SelectMany(p => p.Spec.Backends).Distinct().ToList(),
            Seeds = parts.SelectMany(p => p.Spec.Seeds).Distinct().Order().ToList(),
        },
        parts.SelectMany(p => p.Runs).ToList());

    /// <summary>Writes the study's results.csv, runs.csv, layer_weights.csv and weights.txt (rows labelled
    /// <paramref name="trainSetLabel"/>, e.g. "LA19") to <see cref="StudyDir"/>; <c>10-summary</c> reads them.</summary>
    public string WriteTables(string study, string trainSetLabel, SweepResults results)
    {
        string dir = StudyDir(study);
        Directory.CreateDirectory(dir);
        results.WriteResultsCsv(Path.Combine(dir, "results.csv"));
        results.WriteRunsCsv(Path.Combine(dir, "runs.csv"));
        results.WriteLayerWeightsCsv(Path.Combine(dir, "layer_weights.csv"));
        results.WriteWeightsTable(Path.Combine(dir, "weights.txt"), trainSetLabel);
        return dir;
    }

    /// <summary>The study's layer weights (weights.txt written by <see cref="WriteTables"/>).</summary>
    public LayerWeightTable LayerWeights(string study) => LayerWeightTable.Read(Path.Combine(StudyDir(study), "weights.txt"));

    /// <summary>Folder of one study's runs and tables.</summary>
    public string StudyDir(string study) => Path.Combine(Context.RunsDir, study);

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
            points.Select(p => p.Select(q => q.E).ToArray()).ToArray(), title ?? $"EER on {set} vs number of layers");
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

    /// <summary>Every study's weights.txt, as one layer-weight table (rows labelled by training set).</summary>
    public static LayerWeightTable CollectLayerWeights(NotebookContext context) => new(StudyFiles(context, "weights.txt")
        .SelectMany(f => LayerWeightTable.Read(f).Rows));

    static IEnumerable<string> StudyFiles(NotebookContext context, string name) => Directory.Exists(context.RunsDir)
        ? Directory.GetDirectories(context.RunsDir).Order(StringComparer.Ordinal).Select(d => Path.Combine(d, name)).Where(File.Exists)
        : [];

    public void Dispose()
    {
        foreach (var s in sources.Values)
            s.Dispose();
        sources.Clear();
        ssl?.Dispose();
        ssl = null;
    }
}

/// <summary>A recommended truncation depth and the best one it was compared with.</summary>
public sealed record RecommendedDepth(string Backend, int NumLayers, double EerPercent, int BestNumLayers, double BestEerPercent);
