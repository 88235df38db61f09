using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Training;
using Microsoft.Data.Analysis;

namespace Layerwise.Study;

/// <summary>
/// One study assembled from its parts: the model's identity and feature cache (every layer stored, so every depth
/// shares one cache key), features of named utterance sets (extracted only when missing, with the SSL built on first
/// need), the default grid and training budget, sweeps of n_layers × back-ends × seeds in
/// <see cref="StudyInputs.RunsDir"/>/&lt;study&gt; (finished runs are reused), and the result tables.
/// </summary>
public class StudySession : IDisposable
{
    readonly Dictionary<string, CachedFeatureSource> sources = [];
    readonly List<ExtractionReport> extractions = [];
    readonly List<CachedFeatureSource> cachedOnly = [];
    readonly Func<ISslFrontEnd> loadModel;
    ISslFrontEnd? ssl;

    public StudySession(StudyInputs setup) : this(setup, CacheKeyOf(setup.Model, setup.Scenario, setup.Model.Layers))
    {
    }

    /// <summary>A session whose cache has another key than the model's full-depth one (the replication stores only its
    /// grid's deepest layer, per input policy and batching).</summary>
    public StudySession(StudyInputs setup, FeatureCacheKey key)
    {
        Setup = setup;
        loadModel = setup.LoadModel;
        Key = key;
        Cache = FeatureCache.OpenOrCreate(setup.CacheDir, Key, Model.HiddenSize);
    }

    /// <summary>The cache key of <paramref name="model"/>'s features under <paramref name="scenario"/> with
    /// <paramref name="layers"/> layers stored (<paramref name="batching"/>: padded-batch extraction, else null): the
    /// one definition of a study's cache key, for sessions and the replication's extraction steps.</summary>
    public static FeatureCacheKey CacheKeyOf(SslModelInfo model, Scenario scenario, int layers, string? batching = null) =>
        new(model.Id, model.Revision, StudyDefaults.Preprocessing, scenario.InputPolicy, layers, false, batching);

    public StudyInputs Setup { get; }
    public SslModelInfo Model => Setup.Model;
    public Scenario Scenario => Setup.Scenario;
    public FeatureCacheKey Key { get; }
    public FeatureCache Cache { get; }
    /// <summary>Extraction progress (e.g. a notebook progress bar); null = silent.</summary>
    public IProgress<ExtractionProgress>? ExtractionProgress { get; set; }
    /// <summary>Sweep progress; null = silent.</summary>
    public IProgress<SweepProgress>? SweepProgress { get; set; }

    /// <summary>Dataset name of the cache entries unless a set names another.</summary>
    public string DefaultCacheDataset => Setup.CacheDataset;

    /// <summary>The waveform as the scenario feeds it: mono 16 kHz, cut or tiled to its fixed length (or full).</summary>
    public float[] LoadWave(Utterance utterance) => Setup.LoadWave?.Invoke(utterance) ?? StudyWiring.LoadWave(utterance, Scenario);

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
            ssl ??= CountingSslFrontEnd.Wrap(loadModel());
            // Variable-length inputs (full-length policy) go one by one; fixed-length ones in small batches.
            var options = new ExtractionOptions(Scenario.FixedLength is null ? 1 : 4);
            var report = HiddenStateExtractor.Extract(ssl, Cache, cacheDataset, utterances, LoadWave, options, ExtractionProgress,
                Setup.Context.CancellationToken);
            extractions.Add(report);
        }
        else
            extractions.Add(new ExtractionReport(cacheDataset, utterances.Count, utterances.Count, 0, utterances.Count, 0, 0, TimeSpan.Zero));
        if (!sources.TryGetValue(cacheDataset, out var source))
            sources[cacheDataset] = source = new CachedFeatureSource(Cache, cacheDataset, keepInMemory: true);
        return new FeatureSet(name, utterances, source);
    }

    /// <summary>
    /// A feature set over entries that are cached already (another step extracted them, as the replication's
    /// extraction steps): under this session's key, or under <paramref name="key"/> (a dataset first extracted under
    /// another study's input policy) in the same cache root. A missing entry is an error naming the cache and
    /// <paramref name="cacheDataset"/>/<paramref name="split"/>; nothing is extracted.
    /// </summary>
    public FeatureSet CachedSet(string name, IReadOnlyList<Utterance> utterances, string cacheDataset, string split,
        bool keepInMemory, FeatureCacheKey? key = null)
    {
        var cache = key is null || key == Key ? Cache : FeatureCache.OpenOrCreate(Setup.CacheDir, key, Model.HiddenSize);
        var missing = utterances.Where(u => !cache.Contains(cacheDataset, u.Id)).Select(u => u.Id).ToList();
        if (missing.Count > 0)
            throw new FeatureCacheException(cache.Folder, $"{missing.Count} utterances of {cacheDataset}/{split} are not cached (first: {missing[0]})");
        var source = new CachedFeatureSource(cache, cacheDataset, keepInMemory);
        cachedOnly.Add(source);
        return new FeatureSet(name, utterances, source);
    }

    /// <summary>Trains and evaluates one run in <paramref name="runDirectory"/> (a finished run is reused), with this
    /// study's model and cache key in its record.</summary>
    public RunOutcome Run(RunSpec spec, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals, string runDirectory,
        CancellationToken cancellationToken = default) =>
        StudyRun.Execute(spec, Setup.Backends, train, dev, evals, runDirectory, RunContext with { CancellationToken = cancellationToken });

    /// <summary>What the <see cref="Set"/> calls extracted and reused so far, one report per call.</summary>
    public IReadOnlyList<ExtractionReport> Extractions => extractions;

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
            return Setup.Quick ? [4, 12, 24] : StudyDefaults.PaperGrid("large");
        if (l == 12)
            return Setup.Quick ? [2, 6, 12] : StudyDefaults.PaperGrid("small");
        var all = Enumerable.Range(1, l).ToList();
        return Setup.Quick ? all.Where(n => n == 1 || n == l || (n & (n - 1)) == 0).Distinct().ToList() : all;
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
        bool quick = Setup.Quick;
        string device = Setup.Device == "auto" ? Runtime.Devices.Resolve("auto").type.ToString().ToLowerInvariant() : Setup.Device;
        var options = Setup.DemoData
            ? new TrainingOptions { LearningRate = 1e-3, MaxEpochs = quick ? 40 : 20, Patience = quick ? 6 : 5 }
            : new TrainingOptions { MaxEpochs = quick ? 12 : 50, Patience = quick ? 4 : 10 };
        if (quick && quickEpochs is int cap)
            options = options with { MaxEpochs = Math.Min(options.MaxEpochs, cap) };
        return options with { KeepEpochCheckpoints = !quick, Device = device };
    }

    /// <summary>The run context of this study's runs: its model and cache key go into every run record.</summary>
    public RunContext RunContext => Setup.Context with { SslModel = Model, CacheKey = Key };

    /// <summary>
    /// Trains and evaluates n_layers × back-ends × seeds over the cached features. Runs live in
    /// <see cref="StudyDir"/>(<paramref name="study"/>)/runs (or in <paramref name="runsFrom"/>'s folder, to reuse
    /// another study's finished runs of the same configuration and eval sets); finished runs are reused.
    /// </summary>
    public SweepResults Sweep(string study, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals,
        IReadOnlyList<int>? nLayers = null, IReadOnlyList<BackendKind>? backends = null, IReadOnlyList<int>? seeds = null,
        TrainingOptions? training = null, string? runsFrom = null)
    {
        var spec = Spec(nLayers ?? DefaultGrid(), backends ?? [BackendKind.Ffn, BackendKind.Aasist], seeds ?? [1], training ?? DefaultTraining());
        return Sweep(runsFrom ?? study, spec, train, dev, evals);
    }

    /// <summary>A sweep of this study's model and scenario (per-back-end grids and epoch caps can be added with <c>with</c>).</summary>
    public SweepSpec Spec(IReadOnlyList<int> nLayers, IReadOnlyList<BackendKind> backends, IReadOnlyList<int> seeds, TrainingOptions training) =>
        new(Model.Family, Model.Size, nLayers, backends, seeds, Scenario, training);

    /// <summary>Runs <paramref name="spec"/> in <see cref="StudyDir"/>(<paramref name="study"/>) ("" = <see cref="StudyInputs.RunsDir"/> itself); finished runs are reused.</summary>
    public SweepResults Sweep(string study, SweepSpec spec, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals) =>
        Training.Sweep.Execute(spec, Setup.Backends, train, dev, evals, StudyDir(study), RunContext, SweepProgress);

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
    /// <paramref name="trainSetLabel"/>, e.g. "LA19") to <see cref="StudyDir"/>.</summary>
    public string WriteTables(string study, string trainSetLabel, SweepResults results)
    {
        string dir = StudyDir(study);
        results.WriteTables(dir, trainSetLabel);
        return dir;
    }

    /// <summary>Folder of one study's runs and tables.</summary>
    public string StudyDir(string study) => Path.Combine(Setup.RunsDir, study);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        foreach (var s in sources.Values.Concat(cachedOnly))
            s.Dispose();
        sources.Clear();
        cachedOnly.Clear();
        if (Setup.OwnsModel)
            ssl?.Dispose();
        ssl = null;
    }
}
