using System.Diagnostics;
using System.Text.Json;
using Layerwise.Data;
using Layerwise.Features;
using TorchSharp;

namespace Layerwise.Training;

/// <summary>
/// One complete run in its directory: seed, build the back-end, train (resuming if checkpoints exist),
/// reload the best checkpoint, score dev and every eval set, write score files, metrics.json and the log.
/// The log records the process-wide SSL forward-pass count before and after training.
/// </summary>
public static class StudyRun
{
    public static RunOutcome Execute(RunSpec spec, BackendFactory factory, FeatureSet train, FeatureSet dev,
        IReadOnlyList<FeatureSet> evals, string runDirectory, RunContext? context = null)
    {
        context ??= RunContext.Default;
        int maxLayers = new[] { train, dev }.Concat(evals).Min(s => s.Features.MaxLayers);
        if (spec.NumLayers < 1 || spec.NumLayers > maxLayers)
            throw new LayerwiseInputException($"n_layers {spec.NumLayers} is outside 1..{maxLayers} available from the features");
        int hidden = train.Features.HiddenSize;
        if (spec.Layers is { } selection)
        {
            LayerSelection.Check(selection, spec.NumLayers);
            (train, dev) = (LayerSelection.Apply(train, selection), LayerSelection.Apply(dev, selection));
            evals = evals.Select(e => LayerSelection.Apply(e, selection)).ToList();
        }
        int n = spec.BackendLayers.Count; // back-end inputs: the selection, else layers 1..n_layers
        var run = new RunDirectory(runDirectory);
        var config = new RunConfig(RunConfig.CurrentFormat, spec, spec.ClassWeights, hidden,
            Info(train), Info(dev), evals.Select(Info).ToList(), context.SslModel, context.CacheKey, RunConfig.StandardNotes);

        if (File.Exists(run.ConfigPath))
        {
            var existing = RunDirectory.ReadJson<RunConfig>(run.ConfigPath);
            if (Fingerprint(existing) != Fingerprint(config))
                throw new LayerwiseInputException($"{run.ConfigPath}: this run directory holds a different configuration; choose another --run/--out folder");
            if (context.ReuseCompleted && run.IsComplete)
                return new RunOutcome(run, existing, RunDirectory.ReadJson<RunMetrics>(run.MetricsPath), Reused: true);
        }
        run.WriteJson(run.ConfigPath, config);
        run.Log($"run {spec.Name}: backend {spec.Backend} n_layers {spec.NumLayers}" +
                (spec.Layers is null ? "" : $" layers [{LayerSelection.Compact(spec.Layers)}]") + $" seed {spec.Seed} scenario {spec.Scenario.Name} " +
                $"class_weights [{string.Join(", ", spec.ClassWeights)}] train {train.Utterances.Count} dev {dev.Utterances.Count}");

        torch.manual_seed(spec.Seed);
        using var backend = factory(spec.Backend, hidden, n);
        long trainable = backend.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

        long sslBefore = SslForwardCounter.Batches;
        run.Log($"ssl_forward_passes before training: {sslBefore} (process-wide counter); features: {train.Features.Description}");
        var state = Trainer.Train(backend, train, dev, n, spec.ClassWeights, spec.Training, run, context.Eer,
            context.Progress, context.CancellationToken);
        long sslDuring = SslForwardCounter.Batches - sslBefore;
        run.Log($"ssl_forward_passes after training: {SslForwardCounter.Batches} (during training: {sslDuring})");

        backend.load(run.BestModelPath);
        var devScores = Evaluation.Score(backend, dev, n, spec.Training.EvalBatchSize, spec.Training.Device);
        var seen = train.Utterances.Where(u => u.Label == Label.Spoof).Select(u => u.Attack).ToHashSet(StringComparer.Ordinal);
        var devMetrics = Evaluation.Compute(dev.Name, devScores, context.Eer, seen);
        Evaluation.WriteScores(run.ScoresPath(dev.Name), devScores);
        Evaluation.WriteLabelledScores(run.LabelledScoresPath(dev.Name), devScores);

        var evalMetrics = new List<SetMetrics>();
        var scoring = Stopwatch.StartNew();
        int scored = 0;
        foreach (var set in evals)
        {
            var scores = Evaluation.Score(backend, set, n, spec.Training.EvalBatchSize, spec.Training.Device);
            scored += scores.Count;
            Evaluation.WriteScores(run.ScoresPath(set.Name), scores);
            Evaluation.WriteLabelledScores(run.LabelledScoresPath(set.Name), scores);
            evalMetrics.Add(Evaluation.Compute(set.Name, scores, context.Eer, seen));
        }
        double msPerUtt = scored == 0 ? 0 : scoring.Elapsed.TotalMilliseconds / scored;
        var (raw, soft) = Trainer.LayerWeights(backend);
        var metrics = new RunMetrics(Evaluation.EerDefinition, state.BestEpoch, state.EpochsCompleted, state.StopReason,
            state.BestDevLoss, devMetrics, evalMetrics, devMetrics.EerThreshold, soft, raw, sslDuring,
            state.History.Sum(h => h.Seconds), msPerUtt, trainable);
        run.WriteJson(run.MetricsPath, metrics);
        foreach (var m in evalMetrics.Prepend(devMetrics))
            run.Log($"{m.Set}: EER {m.EerPercent:F3}% ({m.Bonafide} bona fide, {m.Spoof} spoof; {Evaluation.EerDefinition.Split(';')[0]})");
        return new RunOutcome(run, config, metrics, Reused: false);
    }

    static SetInfo Info(FeatureSet s) => new(s.Name, s.Utterances.Count, s.Features.Description);

    /// <summary>The parts of a config that must match to resume or reuse a run directory.</summary>
    static string Fingerprint(RunConfig c) => JsonSerializer.Serialize(new
    {
        c.Spec, c.ClassWeights, c.HiddenSize,
        Train = (c.Train.Name, c.Train.Utterances), Dev = (c.Dev.Name, c.Dev.Utterances),
        Eval = c.Eval.Select(e => (e.Name, e.Utterances)).ToList(), c.CacheKey,
    }, new JsonSerializerOptions { IncludeFields = true });
}
