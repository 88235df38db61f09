using Layerwise.Data.Demo;
using Layerwise.Tests.Demo;

namespace Layerwise.Tests.Pretraining;

public class DemoPretrainCorpusTests
{
    static readonly DemoPretrainCorpusOptions Small = new() { Speakers = 4, UtterancesPerSpeaker = 2, MinSeconds = 1.0, MaxSeconds = 1.5 };

    [Fact]
    public void SameOptionsGiveIdenticalFilesAndAreReused()
    {
        using var dir = new TempDir();
        var a = DemoPretrainCorpus.EnsureCreated(dir.Sub("a"), Small);
        var b = DemoPretrainCorpus.EnsureCreated(dir.Sub("b"), Small);
        Assert.False(a.Reused);
        Assert.Equal(DemoTestSupport.TreeHash(dir.Sub("a")), DemoTestSupport.TreeHash(dir.Sub("b")));
        Assert.Equal(8, a.Utterances);
        Assert.Equal(8, Directory.GetFiles(dir.Sub("a"), "*.wav", SearchOption.AllDirectories).Length);
        Assert.True(DemoPretrainCorpus.EnsureCreated(dir.Sub("a"), Small).Reused);
        Assert.Throws<DemoCorpusException>(() => DemoPretrainCorpus.EnsureCreated(dir.Sub("a"), Small with { Seed = 9 }));
        File.WriteAllText(dir.Sub("other.txt"), "x");
        Assert.Throws<DemoCorpusException>(() => DemoPretrainCorpus.EnsureCreated(dir.Path, Small));
    }

    [Fact]
    public void SpeakersAreNotThoseOfTheDetectionCorpus()
    {
        using var dir = new TempDir();
        DemoPretrainCorpus.EnsureCreated(dir.Sub("pt"), Small);
        DemoCorpus.EnsureCreated(dir.Sub("la"), new DemoCorpusOptions { TrainUtterances = 8, DevUtterances = 4, EvalUtterances = 8 });
        var ptSpeakers = File.ReadLines(Path.Combine(dir.Sub("pt"), "utterances.tsv")).Skip(1).Select(l => l.Split('\t')[1]).ToHashSet();
        var laSpeakers = File.ReadLines(Path.Combine(dir.Sub("la"), "LA", "ASVspoof2019_LA_cm_protocols", "ASVspoof2019.LA.cm.eval.trl.txt"))
            .Select(l => l.Split(' ')[0]).ToHashSet();
        Assert.NotEmpty(laSpeakers);
        Assert.Empty(ptSpeakers.Intersect(laSpeakers));
        Assert.All(ptSpeakers, s => Assert.StartsWith("PT_", s));
    }
}
