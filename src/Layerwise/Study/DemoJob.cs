using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.IO;
using Layerwise.Metrics;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Pretraining;
using Layerwise.Runtime;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.Study;

/// <summary>What the demo runs on; everything model- or data-specific comes in here, so the job itself is
/// independent of which SSL implementation, back-ends or corpus reader are plugged in.</summary>
/// <param name="TruncatedSsl">Builds the SSL with only its first n blocks (for the time-vs-depth measurement); null = time the full model.</param>
/// <param name="Baseline">A second SSL (the random-weight model) studied the same way for the comparison; null = none.</param>
/// <param name="Pretraining">How the main model was pretrained (its curves go into the report), when it was.</param>
/// <param name="Probes">Trains the single-layer probes of each model (<c>LayerAnalysis.DemoLayerProbes.Run</c>); null = none.</param>
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
    PretrainedModelInfo? Pretraining = null,
    DemoProber? Probes = null);

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
    public int TimingUtterances { get; init; } = 8;
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
    public DemoProbes? Probes { get; init; }
}

/// <summary>
/// The demo pipeline, each model's study a <see cref="StudySession"/> (cache key, feature sets, sweeps, tables):
/// size estimate → extraction (resumable) of train/dev/eval → sweep of n_layers × back-ends for one seed over the
/// cache → the comparison with the baseline model over the comparison seeds → single-layer probes of both models →
/// timing of the truncated SSL per depth → results files (CSV/JSON) and the report. Runs and tables live in the
/// output folder itself (the sessions' study "").
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
        using var study = Session(inputs.Ssl, inputs.Model, inputs, options, callbacks, context);
        var cache = study.Cache;

        var all = inputs.Train.Concat(inputs.Dev).Concat(inputs.Eval).ToList();
        int frames = HiddenStateExtractor.Wav2Vec2Frames(options.Scenario.FixedLength ?? 64600);
        var estimate = HiddenStateExtractor.Estimate(cache, options.DatasetName, all, _ => frames);
        callbacks.Stage?.Invoke($"feature cache {cache.Folder}: {estimate.Entries} entries, {estimate.Missing} to compute, " +
            $"~{estimate.TotalBytes / 1048576.0:F1} MiB total ({estimate.MissingBytes / 1048576.0:F1} MiB new)");
        if (!estimate.FitsOnDisk)
            throw new LayerwiseInputException($"{cache.Folder}: extraction needs {estimate.MissingBytes} bytes, {estimate.FreeBytes} free");

        var (train, dev, eval) = Sets(study, inputs, callbacks, "");
        var spec = study.Spec(options.NumLayers, options.Backends, [options.Seed], options.Training)
            with { MaxEpochsByBackend = options.MaxEpochsByBackend, NumLayersByBackend = options.NumLayersByBackend };
        callbacks.Stage?.Invoke($"sweep: {spec.Runs().Count()} runs ({options.NumLayers.Count} depths x {options.Backends.Count} back-ends{Grids(options)}), seed {options.Seed}");
        long sslBefore = SslForwardCounter.Batches;
        var results = study.Sweep("", spec, train, dev, [eval]);
        long sslDuringSweep = SslForwardCounter.Batches - sslBefore;

        using var baseline = inputs.Baseline is { } b && (options.ComparisonSeeds.Count > 0 || inputs.Probes is not null)
            ? Session(b.Ssl, b.Model, inputs, options, callbacks, context) : null;
        DemoComparison? comparison = null;
        (FeatureSet Train, FeatureSet Dev, FeatureSet Eval)? baselineSets = null;
        if (baseline is not null && options.ComparisonSeeds.Count > 0)
        {
            var compareSpec = spec with { Backends = options.ComparisonBackends, Seeds = options.ComparisonSeeds };
            callbacks.Stage?.Invoke($"comparison: {inputs.Model.Id}, seeds {string.Join(",", options.ComparisonSeeds)}");
            var mainRuns = study.Sweep("", compareSpec, train, dev, [eval]); // its seed-`Seed` runs are the main sweep's, reused from disk
            baselineSets = Sets(baseline, inputs, callbacks, $" with {baseline.Model.Id}");
            callbacks.Stage?.Invoke($"comparison: {baseline.Model.Id}, seeds {string.Join(",", options.ComparisonSeeds)}");
            var (bTrain, bDev, bEval) = baselineSets.Value;
            var other = baseline.Sweep("", compareSpec with { ModelFamily = baseline.Model.Family, ModelSize = baseline.Model.Size }, bTrain, bDev, [bEval]);
            comparison = new DemoComparison([.. Rows(other, baseline.Model), .. Rows(mainRuns, inputs.Model)]);
        }

        DemoProbes? probes = null;
        if (inputs.Probes is { } prober)
        {
            var rows = new List<DemoProbe>();
            if (baseline is not null)
            {
                baselineSets ??= Sets(baseline, inputs, callbacks, $" with {baseline.Model.Id}");
                callbacks.Stage?.Invoke($"single-layer probes: {baseline.Model.Id}, layers 1-{baseline.Model.Layers}");
                var (bTrain, bDev, bEval) = baselineSets.Value;
                rows.AddRange(prober(baseline, bTrain, bDev, bEval, options.Training, options.Seed, ProbeDirectory(options, baseline.Model)));
            }
            callbacks.Stage?.Invoke($"single-layer probes: {inputs.Model.Id}, layers 1-{inputs.Model.Layers}");
            rows.AddRange(prober(study, train, dev, eval, options.Training, options.Seed, ProbeDirectory(options, inputs.Model)));
            probes = new DemoProbes(rows);
        }

        callbacks.Stage?.Invoke("timing the truncated SSL per depth");
        var timing = MeasureTiming(inputs, options, eval.Features);

        var best = options.Backends.Select(backend =>
        {
            var runs = results.Runs.Where(r => r.Config.Spec.Backend == backend).ToList();
            var top = runs.OrderBy(r => r.Metrics.Eval[0].EerPercent).ThenBy(r => r.Config.Spec.NumLayers).First();
            var full = runs.OrderByDescending(r => r.Config.Spec.NumLayers).First();
            return new DemoBest(Sweep.BackendLabel(backend), top.Config.Spec.NumLayers, top.Metrics.Eval[0].EerPercent, full.Metrics.Eval[0].EerPercent);
        }).ToList();

        var outDir = options.OutDirectory;
        study.WriteTables("", "demo", results);
        WriteTimingCsv(Path.Combine(outDir, "timing.csv"), timing);
        var curves = results.Runs.Select(r =>
        {
            var lines = ScoreFile.Read(r.Directory.LabelledScoresPath("eval"));
            var bona = lines.Where(l => l.Label == Label.Bonafide).Select(l => l.Score).ToList();
            var spoof = lines.Where(l => l.Label == Label.Spoof).Select(l => l.Score).ToList();
            return DetSeries.FromScores($"{Sweep.BackendLabel(r.Config.Spec.Backend)} n={r.Config.Spec.NumLayers}", bona, spoof, r.Metrics.Eval[0].EerPercent);
        }).ToList();

        var extraction = study.Extractions.Concat(baseline?.Extractions ?? []).ToList();
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
        if (probes is not null)
            facts.Add(("single-layer probes", $"every layer of {string.Join(" and ", probes.Rows.Select(p => p.Model).Distinct())}: FFN on that layer alone (seed {options.Seed}) and a linear logistic probe ({DemoProbes.FileName})"));
        var report = new DemoReport("layerwise demo: layer-wise SSL study on the synthetic corpus", notices, inputs.Model, results,
            "train", "eval", timing, curves, facts)
        {
            Comparison = comparison,
            Pretraining = inputs.Pretraining,
            Probes = probes,
        };
        var reportPath = Path.Combine(outDir, "report.html");
        writer.Write(reportPath, report);
        comparison?.WriteCsv(Path.Combine(outDir, DemoComparison.FileName));
        probes?.WriteCsv(Path.Combine(outDir, DemoProbes.FileName));
        var demo = new DemoResult(results, reportPath, timing, extraction, best, sslDuringSweep, clock.Elapsed, report) { Comparison = comparison, Probes = probes };
        WriteJson(Path.Combine(outDir, "results.json"), demo, inputs.Model, study.Key, notices);
        return demo;
    }

    /// <summary>One model's study: its cache under the demo's cache root, runs and tables in the output folder (study "").</summary>
    static StudySession Session(ISslFrontEnd ssl, SslModelInfo model, DemoInputs inputs, DemoOptions options, DemoCallbacks callbacks, RunContext context) =>
        new(new StudyInputs(model, options.Scenario, options.CacheRoot ?? Path.Combine(options.OutDirectory, "cache"), options.OutDirectory,
            options.DatasetName, DemoData: true, Quick: false, options.Training.Device, () => ssl)
        {
            Backends = inputs.Backends,
            LoadWave = inputs.Load,
            Context = context with { Progress = callbacks.Epoch },
            OwnsModel = false, // the caller's model: the timing and a rerun still use it
        })
        {
            ExtractionProgress = callbacks.Extraction,
            SweepProgress = callbacks.Sweep,
        };

    /// <summary>train, dev and eval of the demo from the session's cache (missing entries extracted first).</summary>
    static (FeatureSet Train, FeatureSet Dev, FeatureSet Eval) Sets(StudySession study, DemoInputs inputs, DemoCallbacks callbacks, string with)
    {
        FeatureSet Set(string name, IReadOnlyList<Utterance> list)
        {
            callbacks.Stage?.Invoke($"extracting {name}{with} ({list.Count} utterances)");
            return study.Set(name, list);
        }
        return (Set("train", inputs.Train), Set("dev", inputs.Dev), Set("eval", inputs.Eval));
    }

    static IEnumerable<ComparisonRun> Rows(SweepResults r, SslModelInfo m) => r.Runs.Select(o => new ComparisonRun(m.Id, m.RandomWeights,
        Sweep.BackendLabel(o.Config.Spec.Backend), o.Config.Spec.NumLayers, o.Config.Spec.Seed, o.Metrics.Dev.EerPercent,
        o.Metrics.Eval[0].EerPercent, o.Metrics.SoftmaxLayerWeights));

    /// <summary>probes/&lt;model id&gt;/ (runs/ and linear/ below it), one folder per model.</summary>
    static string ProbeDirectory(DemoOptions options, SslModelInfo model) =>
        Path.Combine(options.OutDirectory, "probes", FeatureCacheKey.Slug(model.Id));

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
                double sslMs = MedianMs(Timing.PerItem(waves, w =>
                {
                    using var scope = torch.NewDisposeScope();
                    ForwardTiming.Forward(ssl, torch.tensor(w, [1, w.Length]).to(ssl.Device));
                }));
                double? Backend(BackendKind kind)
                {
                    if (!options.Backends.Contains(kind))
                        return null;
                    torch.manual_seed(0);
                    using var b = inputs.Backends(kind, source.HiddenSize, n);
                    b.eval();
                    return MedianMs(Timing.PerItem(utts, u =>
                    {
                        using var scope = torch.NewDisposeScope();
                        using var noGrad = torch.no_grad();
                        b.forward(source.Load(u, n).unsqueeze(0));
                    }));
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

    static double MedianMs(IReadOnlyList<double> seconds) => Timing.Median(seconds) * 1000;

    static void WriteTimingCsv(string path, IReadOnlyList<TimingRow> rows)
    {
        var sb = new StringBuilder("n_layers,ssl_ms_per_utterance,ffn_ms_per_utterance,aasist_ms_per_utterance,ssl_parameters\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.NumLayers},{r.SslMsPerUtterance:0.###},{r.FfnMsPerUtterance:0.###},{r.AasistMsPerUtterance:0.###},{r.SslParameters}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
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
            probes = demo.Probes?.Rows,
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
        AtomicFile.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(json, RunDirectory.JsonOptions));
    }

    static string EpochCaps(DemoOptions options) => options.MaxEpochsByBackend is { Count: > 0 } caps
        ? " (" + string.Join(", ", caps.OrderBy(c => c.Key).Select(c => $"{Sweep.BackendLabel(c.Key)} ≤{c.Value}")) + ")"
        : "";

    static string Grids(DemoOptions options) => options.NumLayersByBackend is { Count: > 0 } grids
        ? "; " + string.Join(", ", grids.OrderBy(g => g.Key).Select(g => $"{Sweep.BackendLabel(g.Key)} at n = {string.Join(",", g.Value)}"))
        : "";
}
