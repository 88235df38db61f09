using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Metrics;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Pretraining;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.Study;

/// <summary>What the demo runs on; everything model- or data-specific comes in here, so the job itself is
/// independent of which SSL implementation, back-ends or corpus reader are plugged in.</summary>
/// <param name="TruncatedSsl">Builds the SSL with only its first n blocks (for the time-vs-depth measurement); null = time the full model.</param>
/// <param name="Baseline">A second SSL (the random-weight model) studied the same way for the comparison; null = none.</param>
/// <param name="Pretraining">How the main model was pretrained (its curves go into the report), when it was.</param>
public sealed record DemoInputs(
    ISslFrontEnd Ssl,
    SslModelInfo Model,
    BackendFactory Backends,
    IReadOnlyList<Utterance> Train,
    IReadOnlyList<Utterance> Dev,
    IReadOnlyList<Utterance> Eval,
    WaveformLoader Load,
    Func<int, ISslFrontEnd>? TruncatedSsl = null,
    DemoBaseline? Baseline = null,
    PretrainedModelInfo? Pretraining = null);

/// <summary>The comparison's other model.</summary>
public sealed record DemoBaseline(ISslFrontEnd Ssl, SslModelInfo Model);

/// <summary>Demo settings (the CLI's defaults and --quick live in DemoCommand).</summary>
public sealed record DemoOptions(
    string OutDirectory,
    IReadOnlyList<int> NumLayers,
    IReadOnlyList<BackendKind> Backends,
    int Seed,
    TrainingOptions Training,
    Scenario Scenario)
{
    public string? CacheRoot { get; init; }
    public string DatasetName { get; init; } = "demo";
    public int ExtractBatchSize { get; init; } = 4;
    public int TimingUtterances { get; init; } = 8;
    public string Preprocessing { get; init; } = StudyDefaults.Preprocessing;
    /// <summary>Seeds of the random-vs-pretrained comparison (empty: no comparison).</summary>
    public IReadOnlyList<int> ComparisonSeeds { get; init; } = [];
    public IReadOnlyList<BackendKind> ComparisonBackends { get; init; } = [BackendKind.Ffn];
    /// <summary>Per-back-end epoch caps below <see cref="TrainingOptions.MaxEpochs"/> (see <see cref="SweepSpec.MaxEpochsByBackend"/>).</summary>
    public IReadOnlyDictionary<BackendKind, int>? MaxEpochsByBackend { get; init; }
    /// <summary>Per-back-end sub-grids of <see cref="NumLayers"/> (see <see cref="SweepSpec.NumLayersByBackend"/>).</summary>
    public IReadOnlyDictionary<BackendKind, IReadOnlyList<int>>? NumLayersByBackend { get; init; }
}

/// <summary>Callbacks for the CLI's progress display.</summary>
public sealed record DemoCallbacks
{
    public Action<string>? Stage { get; init; }
    public IProgress<ExtractionProgress>? Extraction { get; init; }
    public IProgress<SweepProgress>? Sweep { get; init; }
    public IProgress<EpochRecord>? Epoch { get; init; }
}

/// <summary>Best depth of one back-end on the eval set.</summary>
public sealed record DemoBest(
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("best_n_layers")] int BestNumLayers,
    [property: JsonPropertyName("eval_eer_percent")] double EvalEerPercent,
    [property: JsonPropertyName("full_depth_eer_percent")] double FullDepthEerPercent);

/// <summary>What the demo produced.</summary>
public sealed record DemoResult(
    SweepResults Results,
    string ReportPath,
    IReadOnlyList<TimingRow> Timing,
    IReadOnlyList<ExtractionReport> Extraction,
    IReadOnlyList<DemoBest> Best,
    long SslForwardPassesDuringSweep,
    TimeSpan Elapsed,
    DemoReport Report)
{
    public DemoComparison? Comparison { get; init; }
}

/// <summary>
/// The demo pipeline: cache key → size estimate → extraction (resumable) of train/dev/eval → sweep of
/// n_layers × back-ends for one seed over the cache → eval metrics incl. unseen attacks → timing of the
/// truncated SSL per depth → results files (CSV/JSON) and the report.
/// </summary>
public static class DemoJob
{
    public static DemoResult Run(DemoInputs inputs, DemoOptions options, IReportWriter writer,
        DemoCallbacks? callbacks = null, RunContext? context = null)
    {
        callbacks ??= new DemoCallbacks();
        context ??= RunContext.Default;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutDirectory);
        int maxLayers = options.NumLayers.Max();
        var key = new FeatureCacheKey(inputs.Model.Id, inputs.Model.Revision, options.Preprocessing,
            options.Scenario.InputPolicy, maxLayers);
        var cache = FeatureCache.OpenOrCreate(options.CacheRoot ?? Path.Combine(options.OutDirectory, "cache"), key, inputs.Ssl.HiddenSize);
        var ssl = CountingSslFrontEnd.Wrap(inputs.Ssl);

        var splits = new[] { ("train", inputs.Train), ("dev", inputs.Dev), ("eval", inputs.Eval) };
        var all = splits.SelectMany(s => s.Item2).ToList();
        int frames = HiddenStateExtractor.Wav2Vec2Frames(options.Scenario.FixedLength ?? 64600);
        var estimate = HiddenStateExtractor.Estimate(cache, options.DatasetName, all, _ => frames);
        callbacks.Stage?.Invoke($"feature cache {cache.Folder}: {estimate.Entries} entries, {estimate.Missing} to compute, " +
            $"~{estimate.TotalBytes / 1048576.0:F1} MiB total ({estimate.MissingBytes / 1048576.0:F1} MiB new)");
        if (!estimate.FitsOnDisk)
            throw new LayerwiseInputException($"{cache.Folder}: extraction needs {estimate.MissingBytes} bytes, {estimate.FreeBytes} free");

        var extraction = new List<ExtractionReport>();
        foreach (var (name, list) in splits)
        {
            callbacks.Stage?.Invoke($"extracting {name} ({list.Count} utterances)");
            extraction.Add(HiddenStateExtractor.Extract(ssl, cache, options.DatasetName, list, inputs.Load,
                new ExtractionOptions(options.ExtractBatchSize), callbacks.Extraction, context.CancellationToken));
        }

        using var source = new CachedFeatureSource(cache, options.DatasetName, keepInMemory: true);
        var train = new FeatureSet("train", inputs.Train, source);
        var dev = new FeatureSet("dev", inputs.Dev, source);
        var eval = new FeatureSet("eval", inputs.Eval, source);
        var spec = new SweepSpec(inputs.Model.Family, inputs.Model.Size, options.NumLayers, options.Backends, [options.Seed],
            options.Scenario, options.Training) { MaxEpochsByBackend = options.MaxEpochsByBackend, NumLayersByBackend = options.NumLayersByBackend };
        callbacks.Stage?.Invoke($"sweep: {spec.Runs().Count()} runs ({options.NumLayers.Count} depths x {options.Backends.Count} back-ends{Grids(options)}), seed {options.Seed}");
        long sslBefore = SslForwardCounter.Batches;
        var results = Sweep.Execute(spec, inputs.Backends, train, dev, [eval], options.OutDirectory,
            context with { SslModel = inputs.Model, CacheKey = key, Progress = callbacks.Epoch }, callbacks.Sweep);
        long sslDuringSweep = SslForwardCounter.Batches - sslBefore;

        var comparison = inputs.Baseline is { } baseline && options.ComparisonSeeds.Count > 0
            ? Compare(inputs, baseline, options, callbacks, context with { SslModel = inputs.Model, CacheKey = key, Progress = callbacks.Epoch }, spec, train, dev, eval, extraction)
            : null;

        callbacks.Stage?.Invoke("timing the truncated SSL per depth");
        var timing = MeasureTiming(inputs, options, source);

        var best = options.Backends.Select(b =>
        {
            var runs = results.Runs.Where(r => r.Config.Spec.Backend == b).ToList();
            var top = runs.OrderBy(r => r.Metrics.Eval[0].EerPercent).ThenBy(r => r.Config.Spec.NumLayers).First();
            var full = runs.OrderByDescending(r => r.Config.Spec.NumLayers).First();
            return new DemoBest(Sweep.BackendLabel(b), top.Config.Spec.NumLayers, top.Metrics.Eval[0].EerPercent, full.Metrics.Eval[0].EerPercent);
        }).ToList();

        var outDir = options.OutDirectory;
        results.WriteTables(outDir, "demo");
        WriteTimingCsv(Path.Combine(outDir, "timing.csv"), timing);
        var curves = results.Runs.Select(r =>
        {
            var lines = ScoreFile.Read(r.Directory.LabelledScoresPath("eval"));
            var bona = lines.Where(l => l.Label == Label.Bonafide).Select(l => l.Score).ToList();
            var spoof = lines.Where(l => l.Label == Label.Spoof).Select(l => l.Score).ToList();
            return DetSeries.FromScores($"{Sweep.BackendLabel(r.Config.Spec.Backend)} n={r.Config.Spec.NumLayers}", bona, spoof, r.Metrics.Eval[0].EerPercent);
        }).ToList();

        var notices = new List<string>();
        if (inputs.Pretraining is { } pre)
            notices.Add($"The SSL model '{inputs.Model.Id}' is a tiny HuBERT pretrained by this project on SYNTHETIC speech " +
                        $"({pre.Steps} steps, masked accuracy {pre.FinalMaskedAccuracy:P1} vs chance {pre.ChanceAccuracy:P1}): its EERs say nothing about real checkpoints or real deepfakes.");
        if (inputs.Model.RandomWeights)
            notices.Add($"The SSL model '{inputs.Model.Id}' has RANDOM weights (no checkpoint given): the EERs show that the pipeline works, " +
                        "not what a pretrained model achieves; a pretrained checkpoint gives real features.");
        var facts = new List<(string, string)>
        {
            ("SSL model", $"{inputs.Model.Id} ({inputs.Model.Revision}), {inputs.Model.Layers} layers, hidden {inputs.Model.HiddenSize}, {inputs.Ssl.ParameterCount:N0} parameters"),
            ("data", $"train {inputs.Train.Count}, dev {inputs.Dev.Count}, eval {inputs.Eval.Count} utterances (dataset '{options.DatasetName}')"),
            ("scenario", $"{options.Scenario.Name}: class weights [{options.Scenario.SpoofWeight}, {options.Scenario.BonafideWeight}], input {options.Scenario.InputPolicy}"),
            ("training", $"Adam lr {options.Training.LearningRate} wd {options.Training.WeightDecay}, batch {options.Training.BatchSize}, ≤{options.Training.MaxEpochs} epochs{EpochCaps(options)}, patience {options.Training.Patience}, seed {options.Seed}" +
                (options.Training.LearningRate != 1e-4 || options.Training.MaxEpochs != 50 || options.Training.Patience != 10 ? " (the paper: lr 1e-4, ≤50 epochs, patience 10)" : "")),
            ("n_layers", string.Join(",", options.NumLayers) + Grids(options)),
            ("feature cache", $"{cache.Folder} ({cache.SizeOnDisk() / 1048576.0:F1} MiB, {extraction.Sum(e => e.Computed)} entries computed now, {extraction.Sum(e => e.Skipped)} reused)"),
            ("SSL forward passes during the sweep", sslDuringSweep.ToString(CultureInfo.InvariantCulture)),
            ("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, torch threads {torch.get_num_threads()}"),
            ("elapsed", $"{clock.Elapsed.TotalSeconds:F0} s"),
        };
        if (comparison is not null)
            facts.Add(("comparison", $"{inputs.Baseline!.Model.Id} vs {inputs.Model.Id}: {string.Join("/", options.ComparisonBackends.Select(Sweep.BackendLabel))} x n_layers {string.Join(",", options.NumLayers)} x seeds {string.Join(",", options.ComparisonSeeds)} (comparison.csv)"));
        var report = new DemoReport("layerwise demo: layer-wise SSL study on the synthetic corpus", notices, inputs.Model, results,
            "train", "eval", timing, curves, facts)
        {
            Comparison = comparison,
            Pretraining = inputs.Pretraining,
        };
        var reportPath = Path.Combine(outDir, "report.html");
        writer.Write(reportPath, report);
        comparison?.WriteCsv(Path.Combine(outDir, DemoComparison.FileName));
        var demo = new DemoResult(results, reportPath, timing, extraction, best, sslDuringSweep, clock.Elapsed, report) { Comparison = comparison };
        WriteJson(Path.Combine(outDir, "results.json"), demo, inputs.Model, key, notices);
        return demo;
    }

    /// <summary>The comparison: the main model's sweep over the comparison seeds (its seed-`Seed` runs are reused from
    /// disk; <paramref name="context"/> is the main sweep's), then the baseline's features (own cache) and the same sweep on them.</summary>
    static DemoComparison Compare(DemoInputs inputs, DemoBaseline baseline, DemoOptions options, DemoCallbacks callbacks, RunContext context,
        SweepSpec spec, FeatureSet train, FeatureSet dev, FeatureSet eval, List<ExtractionReport> extraction)
    {
        var compareSpec = spec with { Backends = options.ComparisonBackends, Seeds = options.ComparisonSeeds };
        callbacks.Stage?.Invoke($"comparison: {inputs.Model.Id}, seeds {string.Join(",", options.ComparisonSeeds)}");
        var main = Sweep.Execute(compareSpec, inputs.Backends, train, dev, [eval], options.OutDirectory, context, callbacks.Sweep);

        int maxLayers = options.NumLayers.Max();
        var key = new FeatureCacheKey(baseline.Model.Id, baseline.Model.Revision, options.Preprocessing, options.Scenario.InputPolicy, maxLayers);
        var cache = FeatureCache.OpenOrCreate(options.CacheRoot ?? Path.Combine(options.OutDirectory, "cache"), key, baseline.Ssl.HiddenSize);
        var ssl = CountingSslFrontEnd.Wrap(baseline.Ssl);
        foreach (var (name, list) in new[] { ("train", inputs.Train), ("dev", inputs.Dev), ("eval", inputs.Eval) })
        {
            callbacks.Stage?.Invoke($"extracting {name} with {baseline.Model.Id} ({list.Count} utterances)");
            extraction.Add(HiddenStateExtractor.Extract(ssl, cache, options.DatasetName, list, inputs.Load,
                new ExtractionOptions(options.ExtractBatchSize), callbacks.Extraction, context.CancellationToken));
        }
        using var source = new CachedFeatureSource(cache, options.DatasetName, keepInMemory: true);
        callbacks.Stage?.Invoke($"comparison: {baseline.Model.Id}, seeds {string.Join(",", options.ComparisonSeeds)}");
        var other = Sweep.Execute(compareSpec with { ModelFamily = baseline.Model.Family, ModelSize = baseline.Model.Size }, inputs.Backends,
            new FeatureSet("train", inputs.Train, source), new FeatureSet("dev", inputs.Dev, source), [new FeatureSet("eval", inputs.Eval, source)],
            options.OutDirectory, context with { SslModel = baseline.Model, CacheKey = key, Progress = callbacks.Epoch }, callbacks.Sweep);

        static IEnumerable<ComparisonRun> Rows(SweepResults r, SslModelInfo m) => r.Runs.Select(o => new ComparisonRun(m.Id, m.RandomWeights,
            Sweep.BackendLabel(o.Config.Spec.Backend), o.Config.Spec.NumLayers, o.Config.Spec.Seed, o.Metrics.Dev.EerPercent,
            o.Metrics.Eval[0].EerPercent, o.Metrics.SoftmaxLayerWeights));
        return new DemoComparison([.. Rows(other, baseline.Model), .. Rows(main, inputs.Model)]);
    }

    static List<TimingRow> MeasureTiming(DemoInputs inputs, DemoOptions options, IFeatureSource source)
    {
        var utts = inputs.Eval.Take(Math.Max(1, options.TimingUtterances)).ToList();
        var waves = utts.Select(u => inputs.Load(u)).ToList();
        var rows = new List<TimingRow>();
        foreach (int n in options.NumLayers)
        {
            ISslFrontEnd? truncated = inputs.TruncatedSsl?.Invoke(n);
            var ssl = CountingSslFrontEnd.Wrap(truncated ?? inputs.Ssl);
            try
            {
                double sslMs = TimePerItem(waves, w =>
                {
                    using var scope = torch.NewDisposeScope();
                    using var o = ssl.Forward(torch.tensor(w, [1, w.Length]).to(ssl.Device));
                });
                double? Backend(BackendKind kind)
                {
                    if (!options.Backends.Contains(kind))
                        return null;
                    torch.manual_seed(0);
                    using var b = inputs.Backends(kind, source.HiddenSize, n);
                    b.eval();
                    return TimePerItem(utts, u =>
                    {
                        using var scope = torch.NewDisposeScope();
                        using var noGrad = torch.no_grad();
                        b.forward(source.Load(u, n).unsqueeze(0));
                    });
                }
                rows.Add(new TimingRow(n, sslMs, Backend(BackendKind.Ffn), Backend(BackendKind.Aasist), ssl.ParameterCount));
            }
            finally
            {
                truncated?.Dispose();
            }
        }
        return rows;
    }

    /// <summary>Median over items after one warm-up call.</summary>
    static double TimePerItem<T>(IReadOnlyList<T> items, Action<T> action)
    {
        action(items[0]);
        var times = new List<double>();
        foreach (var item in items)
        {
            var sw = Stopwatch.StartNew();
            action(item);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    static void WriteTimingCsv(string path, IReadOnlyList<TimingRow> rows)
    {
        var sb = new StringBuilder("n_layers,ssl_ms_per_utterance,ffn_ms_per_utterance,aasist_ms_per_utterance,ssl_parameters\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.NumLayers},{r.SslMsPerUtterance:0.###},{r.FfnMsPerUtterance:0.###},{r.AasistMsPerUtterance:0.###},{r.SslParameters}\n");
        RunDirectory.WriteAtomic(path, sb.ToString());
    }

    static void WriteJson(string path, DemoResult demo, SslModelInfo model, FeatureCacheKey key, IReadOnlyList<string> notices)
    {
        var json = new
        {
            ssl_model = model,
            feature_cache_key = key,
            notices,
            eer_definition = Evaluation.EerDefinition,
            best = demo.Best,
            ssl_forward_passes_during_sweep = demo.SslForwardPassesDuringSweep,
            comparison = demo.Comparison?.Runs,
            pretraining = demo.Report.Pretraining is { } p ? new { p.Command, p.Steps, p.Clusters, p.FinalLoss, p.FinalMaskedAccuracy, p.ChanceAccuracy, p.MajorityClassFraction } : null,
            elapsed_seconds = demo.Elapsed.TotalSeconds,
            extraction = demo.Extraction.Select(e => new { e.Dataset, e.InShard, e.Computed, e.Skipped, ssl_forward_passes = e.SslForwardPasses, seconds = e.Elapsed.TotalSeconds }),
            timing = demo.Timing,
            runs = demo.Results.Runs.Select(r => new
            {
                backend = Sweep.BackendLabel(r.Config.Spec.Backend),
                n_layers = r.Config.Spec.NumLayers,
                seed = r.Config.Spec.Seed,
                run_dir = r.Directory.Path,
                metrics = r.Metrics,
            }),
        };
        RunDirectory.WriteAtomic(path, System.Text.Json.JsonSerializer.Serialize(json, RunDirectory.JsonOptions));
    }

    static string EpochCaps(DemoOptions options) => options.MaxEpochsByBackend is { Count: > 0 } caps
        ? " (" + string.Join(", ", caps.OrderBy(c => c.Key).Select(c => $"{Sweep.BackendLabel(c.Key)} ≤{c.Value}")) + ")"
        : "";

    static string Grids(DemoOptions options) => options.NumLayersByBackend is { Count: > 0 } grids
        ? "; " + string.Join(", ", grids.OrderBy(g => g.Key).Select(g => $"{Sweep.BackendLabel(g.Key)} at n = {string.Join(",", g.Value)}"))
        : "";
}
