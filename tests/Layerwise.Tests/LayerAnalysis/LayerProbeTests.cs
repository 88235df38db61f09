using System.Text.Json;
using Layerwise.Features;
using Layerwise.LayerAnalysis;
using Layerwise.Models.Backends;
using Layerwise.Tests.Engine;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.Tests.LayerAnalysis;

/// <summary>Probes go through the sweep engine: these tests share its process-wide SSL counter.</summary>
[Collection("Engine")]
public class LayerProbeTests
{
    static ProbePlan Plan(params ProbeKind[] kinds) =>
        new("fake", "tiny", 4, kinds, [BackendKind.Ffn], [1], Scenario.Demo, StudySetup.Quick with { LearningRate = 1e-3 });

    [Fact]
    public void TheSingleLayerProbeOfLayerKIsTheSweepRunRestrictedToThatLayer()
    {
        using var s = new StudySetup();
        var probes = LayerProbes.Run(Plan(ProbeKind.Single) with { Ks = [3], Linear = false }, BackendCatalog.Create, s.Train, s.Dev, [s.Eval],
            s.Dir.Sub("probes"), StudySetup.Context);
        var sweep = Sweep.Execute(new SweepSpec("fake", "tiny", [3], [BackendKind.Ffn], [1], Scenario.Demo, StudySetup.Quick with { LearningRate = 1e-3 }) { Layers = [3] },
            BackendCatalog.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("sweep"), StudySetup.Context);
        var cumulative = Sweep.Execute(new SweepSpec("fake", "tiny", [3], [BackendKind.Ffn], [1], Scenario.Demo, StudySetup.Quick with { LearningRate = 1e-3 }),
            BackendCatalog.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("sweep"), StudySetup.Context);

        var probe = Assert.Single(probes.Runs);
        var run = Assert.Single(sweep.Runs);
        Assert.False(run.Reused); // trained twice, in two folders
        Assert.Equal("ffn_n3_layers3_seed1", Path.GetFileName(run.Directory.Path));
        foreach (var set in new[] { "dev", "eval" })
        {
            Assert.Equal(File.ReadAllBytes(probe.Run.Directory.ScoresPath(set)), File.ReadAllBytes(run.Directory.ScoresPath(set)));
            // ... and layer 3 alone is not layers 1..3, so the selection is real.
            Assert.NotEqual(File.ReadAllBytes(run.Directory.ScoresPath(set)), File.ReadAllBytes(cumulative.Runs[0].Directory.ScoresPath(set)));
        }
        Assert.Equal(probe.Run.Metrics.Dev.EerPercent, probes.Rows.Single(r => r.Role == "dev").EerPercent);
        Assert.Single(probe.Run.Metrics.SoftmaxLayerWeights); // a back-end over one layer
        Assert.Equal(0, probes.SslForwardPasses);
        Assert.Contains("\"layers\": [\n      3\n    ]", File.ReadAllText(run.Directory.ConfigPath).Replace("\r", ""));
    }

    [Fact]
    public void TheSelectionFeedsExactlyTheChosenLayersAndPlainRunsKeepTheirConfig()
    {
        using var s = new StudySetup();
        var u = s.Dev.Utterances[2];
        var selected = LayerSelection.Apply(s.Dev, [1, 3, 4]);
        using var all = s.Dev.Features.Load(u, 4);
        using var picked = selected.Features.Load(u, 3);
        Assert.Equal(3, selected.Features.MaxLayers);
        Assert.True(torch.equal(picked[0], all[0]).all().ToBoolean());
        Assert.True(torch.equal(picked[1], all[2]).all().ToBoolean());
        Assert.True(torch.equal(picked[2], all[3]).all().ToBoolean());

        var plain = new RunSpec(BackendKind.Ffn, 4, Scenario.Demo, StudySetup.Quick);
        Assert.DoesNotContain("\"layers\"", JsonSerializer.Serialize(plain)); // earlier run directories keep their fingerprint
        Assert.Equal("ffn_n4_seed1", plain.Name);
        Assert.Equal("ffn_n4_layers1-2,4_seed1", (plain with { Layers = [1, 2, 4] }).Name);
        Assert.Throws<LayerwiseInputException>(() => LayerSelection.Check([2, 5], 4));
        Assert.Throws<LayerwiseInputException>(() => LayerSelection.Check([3, 2], 4));
        Assert.Equal((4, (IReadOnlyList<int>?)null), ProbePlan.Selection(ProbeKind.Cumulative, 4, 4));
        Assert.Equal([1, 2, 4], ProbePlan.Selection(ProbeKind.LeaveOneOut, 3, 4).Layers!);
    }

    [Fact]
    public void TheToolboxWritesProbesSimilarityWeightsAndOneReportWithoutRunningTheSsl()
    {
        using var s = new StudySetup();
        long before = SslForwardCounter.Batches;
        var plan = Plan(ProbeKind.Single, ProbeKind.Cumulative, ProbeKind.LeaveOneOut) with { Seeds = [1, 2], Training = StudySetup.Quick with { LearningRate = 1e-3, MaxEpochs = 2 } };
        var toolbox = new LayerToolbox(s.Train, s.Dev, [s.Eval], plan, BackendCatalog.Create, s.Dir.Sub("analysis"), "fake-ssl", StudySetup.Context);
        var probes = toolbox.Probes();
        var cka = toolbox.Similarity();
        var frames = toolbox.Similarity(unit: RepresentationUnit.Frames, framesPerUtterance: 4);
        var weights = toolbox.Weights();
        string report = toolbox.SaveReport();

        // 3 kinds × 4 layers × 2 seeds trained runs; linear probes on every layer; dev and eval rows for each.
        Assert.Equal(24, probes.Runs.Count);
        Assert.Equal((24 + 4) * 2, probes.Rows.Count);
        Assert.Equal(0, SslForwardCounter.Batches - before);
        Assert.Equal(0, toolbox.SslForwardPasses);
        Assert.Equal(s.Dev.Utterances.Count, cka.Items);
        Assert.Equal(s.Dev.Utterances.Count * 4, frames.Items);
        for (int k = 0; k < 4; k++)
            Assert.Equal(1.0, cka.Values[k, k], 12);
        Assert.Equal(cka.Values[0, 3], cka.Values[3, 0]);

        // Weights: the two seeds of the full-depth run, with spread, and γ read back from best.pt.
        Assert.Equal(2, weights.Count);
        var summary = Assert.Single(LayerWeightStats.Summarise(weights));
        Assert.Equal(2, summary.Seeds);
        Assert.Equal(1.0, summary.Mean.Sum(), 6); // float32 softmax
        Assert.Equal(1.0, summary.CorrectedMean.Sum(), 9);
        Assert.Contains(summary.Std, v => v > 0);
        Assert.All(weights, w => Assert.Equal(LayerWeightStats.Corrected(w.Softmax, w.Gamma), w.Corrected));
        Assert.All(weights, w => Assert.Equal(2, w.Trajectory.Count));

        var dir = s.Dir.Sub("analysis");
        foreach (var f in new[] { "probes.csv", "probe_attacks.csv", "cka.csv", "cka.png", "cka_frames.csv", "layer_weight_stats.csv", "layer_weight_runs.csv", "probes_eval.png" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var png = File.ReadAllBytes(Path.Combine(dir, "cka.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        var html = File.ReadAllText(report);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("Per-attack EER across layers", html);
        Assert.Equal(probes.Rows.Count + 1, File.ReadAllLines(Path.Combine(dir, "probes.csv")).Length);

        // A second toolbox over the same folder reuses every trained probe.
        var again = new LayerToolbox(s.Train, s.Dev, [s.Eval], plan, BackendCatalog.Create, s.Dir.Sub("analysis"), "fake-ssl", StudySetup.Context).Probes();
        Assert.All(again.Runs, r => Assert.True(r.Run.Reused));
        Assert.Equal(probes.Rows.Select(r => r.EerPercent), again.Rows.Select(r => r.EerPercent));
    }
}
