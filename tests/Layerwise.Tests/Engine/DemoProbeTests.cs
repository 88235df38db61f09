using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.LayerAnalysis;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Study;
using Layerwise.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class DemoProbeTests
{
    /// <summary>
    /// A hand-built "SSL" whose layer <c>marked</c> carries the class and whose other layers carry only noise: the
    /// loader offsets a bona fide waveform by +0.5 and a spoof one by −0.5 (noise ±0.1 on top); the marked layer is the
    /// mean of each 320-sample frame (≈ ±0.5), every other layer the frame's samples minus the utterance mean (the
    /// offset removed, so nothing of the class is left). Counts its forward passes.
    /// </summary>
    sealed class MarkerSsl(int layers, int marked) : ISslFrontEnd
    {
        public int Passes { get; private set; }
        public int NumLayers => layers;
        public int HiddenSize => 4;
        public long ParameterCount => 1000 + layers;
        public Device Device => CPU;

        public SslOutput Forward(Tensor waveforms, Tensor? lengths = null)
        {
            Passes++;
            long b = waveforms.shape[0], frames = waveforms.shape[1] / 320;
            var f = waveforms[.., ..(int)(frames * 320)].reshape(b, frames, 320);
            var marker = f.mean([2], keepdim: true).expand(b, frames, HiddenSize).contiguous();
            var centred = f - waveforms.mean([1], keepdim: true).unsqueeze(2);
            var hidden = Enumerable.Range(0, layers + 1)
                .Select(k => k == marked ? marker.clone() : centred[.., .., (4 * k)..(4 * k + 4)].contiguous())
                .ToList();
            return new SslOutput(hidden[0], hidden);
        }

        public void Dispose() { }
    }

    static float[] Load(Utterance u)
    {
        var rng = new Random(u.Id.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff);
        float offset = u.Label == Label.Bonafide ? 0.5f : -0.5f;
        return Enumerable.Range(0, SyntheticData.Samples).Select(_ => offset + (float)(0.2 * rng.NextDouble() - 0.1)).ToArray();
    }

    [Fact]
    public void TheDemoProbesEveryLayerOfBothModelsAndFindsTheLayerThatCarriesTheClass()
    {
        using var dir = new TempDir();
        var main = new MarkerSsl(layers: 3, marked: 2);
        var random = new MarkerSsl(layers: 3, marked: 1);
        var model = new SslModelInfo("test/marked-2", "x", RandomWeights: false, "marker", "tiny", 3, 4);
        var baseline = new SslModelInfo("test/marked-1", "random:seed=1", RandomWeights: true, "marker-random", "tiny", 3, 4);
        var train = SyntheticData.Make("T", 16, 16, ["A01", "A02"]);
        var eval = SyntheticData.Make("E", 10, 10, ["A01", "A07"]);
        var inputs = new DemoInputs(main, model, TinyBackend.Create, train, SyntheticData.Make("D", 8, 8, ["A01", "A02"]), eval, Load,
            n => new MarkerSsl(n, 2), new DemoBaseline(random, baseline), Probes: DemoLayerProbes.Run);
        var options = new DemoOptions(dir.Path, [1, 3], [BackendKind.Ffn], 1, StudySetup.Quick with { MaxEpochs = 8, LearningRate = 1e-2 },
            Scenario.Demo with { FixedLength = SyntheticData.Samples }) { TimingUtterances = 2 };

        var result = DemoJob.Run(inputs, options, new DemoReportWriter(), context: StudySetup.Context);

        // Both models × 3 layers × {single FFN, linear}; no SSL pass beyond the extraction (8 + 4 + 5 batches of 4).
        var rows = result.Probes!.Rows;
        Assert.Equal(2 * 3 * 2, rows.Count);
        Assert.Equal(17, main.Passes);
        Assert.Equal(17, random.Passes);
        foreach (var (id, marked) in new[] { ("test/marked-2", 2), ("test/marked-1", 1) })
        {
            var linear = rows.Where(r => r.Model == id && r.Probe == "linear").OrderBy(r => r.Layer).ToList();
            var single = rows.Where(r => r.Model == id && r.Probe == "single").OrderBy(r => r.Layer).ToList();
            Assert.Equal([1, 2, 3], linear.Select(r => r.Layer));
            Assert.All(single, r => Assert.Equal(1, r.Seed));
            // The separable layer is found by both probes; the noise layers stay far from it.
            Assert.Equal(0, linear[marked - 1].EvalEerPercent);
            Assert.Equal(0, single[marked - 1].EvalEerPercent);
            Assert.All(linear.Concat(single).Where(r => r.Layer != marked), r => Assert.True(r.EvalEerPercent >= 20, $"{r.Probe} layer {r.Layer}: {r.EvalEerPercent}"));
        }

        // The linear rows agree with an independent fit on the cached features (layer k pooled over frames).
        var cacheKey = new FeatureCacheKey(model.Id, model.Revision, StudyDefaults.Preprocessing, options.Scenario.InputPolicy, 3);
        using var source = new CachedFeatureSource(FeatureCache.OpenOrCreate(Path.Combine(dir.Path, "cache"), cacheKey, 4), "demo");
        Tensor Pooled(IReadOnlyList<Utterance> list, int k) => stack(list.Select(u => source.Load(u, 3)[k - 1].mean([0]).to(float64)).ToArray());
        for (int k = 1; k <= 3; k++)
        {
            using var scope = NewDisposeScope();
            using var probe = LogisticProbe.Fit(Pooled(train, k), train.Select(u => u.Label == Label.Bonafide ? 1 : 0).ToList());
            var scores = probe.Score(Pooled(eval, k));
            var eer = Layerwise.Metrics.Eer.Compute(
                eval.Select((u, i) => (u, i)).Where(x => x.u.Label == Label.Bonafide).Select(x => scores[x.i]).ToList(),
                eval.Select((u, i) => (u, i)).Where(x => x.u.Label == Label.Spoof).Select(x => scores[x.i]).ToList());
            Assert.Equal(eer.Eer * 100, rows.Single(r => r.Model == model.Id && r.Probe == "linear" && r.Layer == k).EvalEerPercent, 9);
        }

        // Layer 1 alone is the sweep's n = 1 run, reused: the same EER as training the FFN on the selection [1].
        var n1 = result.Results.Runs.Single(r => r.Config.Spec.NumLayers == 1);
        var single1 = rows.Single(r => r.Model == model.Id && r.Probe == "single" && r.Layer == 1);
        Assert.Equal(n1.Metrics.Eval[0].EerPercent, single1.EvalEerPercent);
        var selected = LayerProbes.Run(new ProbePlan("marker", "tiny", 3, [ProbeKind.Single], [BackendKind.Ffn], [1], options.Scenario, options.Training)
            { Ks = [1], Linear = false }, TinyBackend.Create, new FeatureSet("train", train, source), new FeatureSet("dev", inputs.Dev, source),
            [new FeatureSet("eval", eval, source)], Path.Combine(dir.Path, "selection"), StudySetup.Context);
        Assert.Equal(single1.EvalEerPercent, selected.Rows.Single(r => r.Role == "eval").EerPercent);
        Assert.Equal(single1.DevEerPercent, selected.Rows.Single(r => r.Role == "dev").EerPercent);

        // probes.csv holds the same rows; the report has the section and its chart (EER vs n, heatmap, DET, time, probes).
        var csv = File.ReadAllLines(Path.Combine(dir.Path, DemoProbes.FileName));
        Assert.Equal("model,random_weights,probe,layer,backend,seed,dev_eer_percent,eval_eer_percent", csv[0]);
        Assert.Equal(rows.Count, csv.Length - 1);
        Assert.Contains(csv, l => l.StartsWith("test/marked-2,false,linear,2,linear,,0,0", StringComparison.Ordinal));
        var page = File.ReadAllText(result.ReportPath);
        Assert.Contains("Single-layer probes", page);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(page, "var renderPlotly_").Count);

        // A rerun trains nothing again: the probes' runs are reused and give the same rows.
        var again = DemoJob.Run(inputs, options, new DemoReportWriter(), context: StudySetup.Context);
        Assert.Equal(rows, again.Probes!.Rows);
        Assert.Equal(17, main.Passes);
    }
}
