using System.Diagnostics;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// Trains the probes of a <see cref="ProbePlan"/> through the sweep engine (<see cref="Sweep.Execute"/> with a
/// layer selection; runs under <c>out/runs/&lt;family&gt;-&lt;size&gt;/</c>, finished ones reused) and fits the linear
/// probes on pooled features. All of it reads the feature sets only: with cached sets no SSL forward pass runs,
/// and the count is returned.
/// </summary>
public static class LayerProbes
{
    public static ProbeResults Run(ProbePlan plan, BackendFactory factory, FeatureSet train, FeatureSet dev,
        IReadOnlyList<FeatureSet> evals, string outDirectory, RunContext? context = null, IProgress<SweepProgress>? progress = null)
    {
        context ??= RunContext.Default;
        var clock = Stopwatch.StartNew();
        long sslBefore = SslForwardCounter.Batches;
        var rows = new List<ProbeRow>();
        var attacks = new List<ProbeAttackRow>();
        var runs = new List<ProbeRun>();
        foreach (var (kind, k, spec) in plan.Sweeps())
        {
            var results = Sweep.Execute(spec, factory, train, dev, evals, outDirectory, context, progress);
            foreach (var run in results.Runs)
            {
                runs.Add(new ProbeRun(kind, k, run));
                var s = run.Config.Spec;
                string probe = ProbePlan.Name(kind), backend = Sweep.BackendLabel(s.Backend);
                foreach (var (m, role) in run.Metrics.Eval.Select(m => (m, "eval")).Prepend((run.Metrics.Dev, "dev")))
                {
                    rows.Add(new ProbeRow(probe, k, LayerSelection.Compact(s.BackendLayers), backend, s.Seed, m.Set, role, m.EerPercent,
                        run.Directory.LabelledScoresPath(m.Set)));
                    attacks.AddRange(m.PerAttack.Select(a => new ProbeAttackRow(probe, k, backend, s.Seed, m.Set, a.Attack, a.SpoofTrials, a.EerPercent, a.SeenInTraining)));
                }
            }
        }
        if (plan.Linear)
            FitLinear(plan, train, dev, evals, Path.Combine(outDirectory, "linear"), context, rows, attacks);
        return new ProbeResults(rows, attacks, runs, SslForwardCounter.Batches - sslBefore, clock.Elapsed);
    }

    /// <summary>Per layer: pooled features (one read of every utterance for all layers), logistic fit on train, scores of dev and eval.</summary>
    static void FitLinear(ProbePlan plan, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals, string dir, RunContext context,
        List<ProbeRow> rows, List<ProbeAttackRow> attacks)
    {
        var sets = new[] { train, dev }.Concat(evals).ToList();
        var pooled = sets.Select(s => LayerRepresentations.Read(s.Features, s.Utterances, plan.NumLayers)).ToList();
        try
        {
            var labels = train.Utterances.Select(u => u.Label == Label.Bonafide ? 1 : 0).ToList();
            var seen = train.Utterances.Where(u => u.Label == Label.Spoof).Select(u => u.Attack).ToHashSet(StringComparer.Ordinal);
            foreach (int k in plan.ProbeIndices)
            {
                using var probe = LogisticProbe.Fit(pooled[0][k - 1], labels, plan.LinearC);
                for (int i = 1; i < sets.Count; i++)
                {
                    var set = sets[i];
                    var values = probe.Score(pooled[i][k - 1]);
                    var scores = set.Utterances.Select((u, j) => new ScoredUtterance(u, values[j])).ToList();
                    string path = Path.Combine(dir, $"layer{k}", "scores", $"{set.Name}.labelled.txt");
                    Evaluation.WriteLabelledScores(path, scores);
                    var m = Evaluation.Compute(set.Name, scores, context.Eer, seen);
                    rows.Add(new ProbeRow("linear", k, $"{k}", "linear", null, set.Name, i == 1 ? "dev" : "eval", m.EerPercent, path));
                    attacks.AddRange(m.PerAttack.Select(a => new ProbeAttackRow("linear", k, "linear", null, set.Name, a.Attack, a.SpoofTrials, a.EerPercent, a.SeenInTraining)));
                }
            }
        }
        finally
        {
            foreach (var t in pooled.SelectMany(p => p))
                t.Dispose();
        }
    }
}
