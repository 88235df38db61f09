using System.Globalization;
using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class RunScorerTests
{
    [Fact]
    public void SingleFileScoresEqualTheRunsEvalScoresAndDecideAtTheDevThreshold()
    {
        using var s = new StudySetup();
        var spec = new RunSpec(BackendKind.Ffn, 2, Scenario.Demo, StudySetup.Quick);
        var run = StudyRun.Execute(spec, TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("run"), StudySetup.Context);
        var fileScores = File.ReadAllLines(run.Directory.ScoresPath("eval")).Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

        using var scorer = RunScorer.Open(run.Directory.Path, s.Ssl, TinyBackend.Create);
        Assert.Equal(run.Metrics.Dev.EerThreshold, scorer.Threshold);
        Assert.Equal(2, scorer.SoftmaxLayerWeights.Count);
        foreach (var u in s.Eval.Utterances.Take(5))
        {
            var r = scorer.Score(SyntheticData.Load(u));
            Assert.Equal(fileScores[u.Id], r.Score, 4);
            Assert.Equal(r.Score > run.Metrics.Dev.EerThreshold, r.Bonafide);
        }
        // Any length: a 3 s waveform (tiled) gives more frames and still a score.
        var longWave = Enumerable.Repeat(SyntheticData.Load(s.Eval.Utterances[0]), 8).SelectMany(w => w).ToArray();
        var longScore = scorer.Score(longWave);
        Assert.Equal(FeatureExtractorFrames(longWave.Length), longScore.Frames);
        Assert.True(double.IsFinite(longScore.Score));
    }

    // the fake SSL's conv: kernel 400, stride 320
    static int FeatureExtractorFrames(int samples) => (samples - 400) / 320 + 1;

    [Fact]
    public void OpeningAnUnfinishedRunIsAnInputError()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl();
        Assert.Throws<LayerwiseInputException>(() => RunScorer.Open(dir.Path, ssl, TinyBackend.Create));
    }
}
