using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// The demo's single-layer probes (a <see cref="DemoProber"/>): for every layer of the study's model, the FFN back-end
/// trained on that layer alone (<see cref="ProbeKind.Single"/>, an ordinary sweep run with the demo's training options
/// and seed, in the study's own runs folder) and the linear logistic probe on the pooled layer (under
/// <c>outDirectory</c>). Layer 1 alone is the sweep's n_layers = 1 run (the same back-end, features, seed and
/// options), so that run is reused rather than trained twice. Both read the demo's cached sets only (no SSL pass).
/// </summary>
public static class DemoLayerProbes
{
    public static IReadOnlyList<DemoProbe> Run(StudySession study, FeatureSet train, FeatureSet dev, FeatureSet eval,
        TrainingOptions training, int seed, string outDirectory)
    {
        int layers = study.Model.Layers;
        var plan = new ProbePlan(study.Model.Family, study.Model.Size, layers, [ProbeKind.Cumulative], [BackendKind.Ffn], [seed],
            study.Scenario, training) { Ks = [1], Linear = false };
        var trained = new List<ProbeRow>();
        trained.AddRange(LayerProbes.Run(plan, study.Setup.Backends, train, dev, [eval], study.StudyDir(""), study.RunContext, study.SweepProgress).Rows);
        if (layers > 1)
            trained.AddRange(LayerProbes.Run(plan with { Kinds = [ProbeKind.Single], Ks = Enumerable.Range(2, layers - 1).ToArray() },
                study.Setup.Backends, train, dev, [eval], study.StudyDir(""), study.RunContext, study.SweepProgress).Rows);
        var linear = LayerProbes.Run(plan with { Kinds = [], Ks = null, Linear = true }, study.Setup.Backends, train, dev, [eval], outDirectory, study.RunContext).Rows;
        var rows = trained.Select(r => r with { Probe = ProbePlan.Name(ProbeKind.Single) }).Concat(linear).ToList();
        var devRows = rows.Where(r => r.Role == "dev").ToDictionary(r => (r.Probe, r.K, r.Seed));
        return rows.Where(r => r.Role == "eval")
            .Select(r => new DemoProbe(study.Model.Id, study.Model.RandomWeights, r.Probe, r.K, r.Backend, r.Seed,
                devRows[(r.Probe, r.K, r.Seed)].EerPercent, r.EerPercent))
            .OrderBy(p => p.Probe, StringComparer.Ordinal).ThenBy(p => p.Layer)
            .ToList();
    }
}
