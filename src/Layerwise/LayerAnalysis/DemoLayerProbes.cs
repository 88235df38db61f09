using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// The demo's single-layer probes (a <see cref="DemoProber"/>): for every layer of the study's model, the FFN back-end
/// trained on that layer alone (<see cref="ProbeKind.Single"/>, an ordinary sweep run with the demo's training options
/// and seed) and the linear logistic probe on the pooled layer. Both read the demo's cached sets only (no SSL pass).
/// </summary>
public static class DemoLayerProbes
{
    public static IReadOnlyList<DemoProbe> Run(StudySession study, FeatureSet train, FeatureSet dev, FeatureSet eval,
        TrainingOptions training, int seed, string outDirectory)
    {
        var plan = new ProbePlan(study.Model.Family, study.Model.Size, study.Model.Layers, [ProbeKind.Single], [BackendKind.Ffn], [seed],
            study.Scenario, training);
        var results = LayerProbes.Run(plan, study.Setup.Backends, train, dev, [eval], outDirectory, study.RunContext, study.SweepProgress);
        var devRows = results.Rows.Where(r => r.Role == "dev").ToDictionary(r => (r.Probe, r.K, r.Seed));
        return results.Rows.Where(r => r.Role == "eval")
            .Select(r => new DemoProbe(study.Model.Id, study.Model.RandomWeights, r.Probe, r.K, r.Backend, r.Seed,
                devRows[(r.Probe, r.K, r.Seed)].EerPercent, r.EerPercent))
            .OrderBy(p => p.Probe, StringComparer.Ordinal).ThenBy(p => p.Layer)
            .ToList();
    }
}
