using System.Text.Json;
using Layerwise.Data;
using Layerwise.Data.Demo;

namespace Layerwise.Tests.Demo;

public class DemoCorpusTests
{
    static DemoCorpusOptions Tiny(DemoScenario scenario = DemoScenario.La, ulong seed = 11) => new()
    {
        Seed = seed,
        Scenario = scenario,
        TrainUtterances = 6,
        DevUtterances = 4,
        EvalUtterances = 8,
        SpeakersPerSplit = 2,
        TrainAttacks = 2,
        EvalAttacks = 4,
        MinSeconds = 1.0,
        MaxSeconds = 1.2,
    };

    [Theory]
    [InlineData(DemoScenario.La)]
    [InlineData(DemoScenario.Partial)]
    [InlineData(DemoScenario.Song)]
    [InlineData(DemoScenario.Scene)]
    [InlineData(DemoScenario.Multilingual)]
    public void SameSeed_GivesByteIdenticalTree(DemoScenario scenario)
    {
        using var tmp = new TempDir();
        DemoCorpus.Create(tmp.Sub("a"), Tiny(scenario));
        DemoCorpus.Create(tmp.Sub("b"), Tiny(scenario));
        Assert.Equal(DemoTestSupport.TreeHash(tmp.Sub("a")), DemoTestSupport.TreeHash(tmp.Sub("b")));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentAudio()
    {
        using var tmp = new TempDir();
        DemoCorpus.Create(tmp.Sub("a"), Tiny(seed: 1));
        DemoCorpus.Create(tmp.Sub("b"), Tiny(seed: 2));
        var wavs = Directory.EnumerateFiles(tmp.Sub("a"), "*.wav", SearchOption.AllDirectories).ToList();
        Assert.Equal(18, wavs.Count);
        int differing = wavs.Count(f => !File.ReadAllBytes(f).AsSpan().SequenceEqual(
            File.ReadAllBytes(Path.Combine(tmp.Sub("b"), Path.GetRelativePath(tmp.Sub("a"), f)))));
        Assert.Equal(wavs.Count, differing);
    }

    [Fact]
    public void EnsureCreated_ReusesCompleteCorpus_RebuildsOnNewOptionsOrMissingFile()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("corpus");
        var first = DemoCorpus.EnsureCreated(root, Tiny());
        Assert.False(first.Reused);
        string someWav = Directory.EnumerateFiles(root, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var stamp = File.GetLastWriteTimeUtc(someWav);

        var second = DemoCorpus.EnsureCreated(root, Tiny());
        Assert.True(second.Reused);
        Assert.Equal(first.TreeHash, second.TreeHash);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(someWav));

        var third = DemoCorpus.EnsureCreated(root, Tiny() with { EvalUtterances = 10 });
        Assert.False(third.Reused);
        Assert.NotEqual(first.TreeHash, third.TreeHash);
        Assert.Equal(20, Directory.EnumerateFiles(root, "*.wav", SearchOption.AllDirectories).Count());

        File.Delete(Directory.EnumerateFiles(root, "*.wav", SearchOption.AllDirectories).First());
        var fourth = DemoCorpus.EnsureCreated(root, Tiny() with { EvalUtterances = 10 });
        Assert.False(fourth.Reused);
        Assert.Equal(third.TreeHash, fourth.TreeHash);
        // Atomic build: no temporary siblings are left behind.
        Assert.Equal(["corpus"], Directory.EnumerateFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Create_RefusesToOverwriteAFolderThatIsNotADemoCorpus()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("precious");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "notes.txt"), "mine");
        var e = Assert.Throws<DemoCorpusException>(() => DemoCorpus.EnsureCreated(root, Tiny()));
        Assert.Contains(root, e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(root, "notes.txt")));
    }

    [Theory]
    [InlineData("bonafide")]
    [InlineData("attacks")]
    [InlineData("seconds")]
    [InlineData("count")]
    public void InvalidOptions_AreInputErrors(string what)
    {
        var o = what switch
        {
            "bonafide" => Tiny() with { BonafideFraction = 1.5 },
            "attacks" => Tiny() with { EvalAttacks = 7 },
            "seconds" => Tiny() with { MinSeconds = 3, MaxSeconds = 2 },
            _ => Tiny() with { DevUtterances = -1 },
        };
        using var tmp = new TempDir();
        var e = Assert.Throws<DemoCorpusException>(() => DemoCorpus.Create(tmp.Sub("x"), o));
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
        Assert.False(Directory.Exists(tmp.Sub("x")));
    }

    [Fact]
    public void Partial_WritesPartialSpoofLayoutWithConsistentSegmentLabels()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("ps");
        DemoCorpus.Create(root, Tiny(DemoScenario.Partial) with { TrainUtterances = 12 });
        foreach (string split in new[] { "train", "dev", "eval" })
        {
            var lines = DemoTestSupport.ReadProtocol(Path.Combine(root, $"database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.{split}.trl.txt"));
            Assert.Equal(lines.Select(l => l.Id), File.ReadAllLines(Path.Combine(root, $"database/{split}/{split}.lst")));
            var times = File.ReadAllLines(Path.Combine(root, $"database/segment_labels/{split}_segments.txt")).ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1]);
            var seglab = File.ReadAllLines(Path.Combine(root, $"database/segment_labels/{split}_seglab_0.16.txt")).ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1..]);
            foreach (var l in lines)
            {
                Assert.StartsWith(l.Key == "bonafide" ? "LA_" : "CON_", l.Id);
                double seconds = DemoTestSupport.ReadWav16kMono(Path.Combine(root, $"database/{split}/con_wav/{l.Id}.wav")).Length / 16000.0;
                var segs = times[l.Id].Split('/').Select(s => s.Split('-')).Select(p => (Start: double.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), End: double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), Tag: p[2])).ToList();
                Assert.Equal(0, segs[0].Start);
                Assert.InRange(segs[^1].End, seconds - 0.0006, seconds + 0.0006); // written in milliseconds
                for (int i = 1; i < segs.Count; i++) Assert.Equal(segs[i - 1].End, segs[i].Start);
                Assert.Equal(l.Key == "spoof", segs.Any(s => s.Tag == "F"));
                // 0.16 s labels: '0' exactly where a spoofed segment overlaps the window.
                var labels = seglab[l.Id];
                Assert.Equal((int)Math.Ceiling(seconds / 0.16 - 1e-9), labels.Length);
                for (int k = 0; k < labels.Length; k++)
                {
                    bool spoof = segs.Any(s => s.Tag == "F" && s.Start < Math.Min(seconds, (k + 1) * 0.16) && s.End > k * 0.16);
                    Assert.Equal(spoof ? "0" : "1", labels[k]);
                }
            }
            // The PartialSpoof reader attaches the same segments.
            var read = Layerwise.Data.DatasetCatalog.Read("partialspoof", root, split);
            Assert.Empty(read.MissingAudio);
            Assert.All(read.Utterances, u => Assert.Equal(u.Label == Label.Spoof, u.Segments!.Any(g => g.Label == Label.Spoof)));
        }
    }

    [Theory]
    [InlineData(DemoScenario.Song, "train.txt", "dev.txt", "test.txt")]
    [InlineData(DemoScenario.Scene, "SceneFake/train.txt", "SceneFake/dev.txt", "SceneFake/eval.txt")]
    [InlineData(DemoScenario.Multilingual, "LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.train.trn.txt", "LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.dev.trl.txt", "LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.eval.trl.txt")]
    public void VariantLayouts_HaveAudioForEveryProtocolLine(DemoScenario scenario, string train, string dev, string eval)
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("c");
        var info = DemoCorpus.Create(root, Tiny(scenario));
        string[] protocols = [train, dev, eval];
        for (int s = 0; s < 3; s++)
        {
            string split = info.Splits[s].Split;
            foreach (var l in DemoTestSupport.ReadProtocol(Path.Combine(root, protocols[s])))
            {
                string audio = scenario switch
                {
                    DemoScenario.Song => $"{split}_set/{l.Id}.wav",
                    DemoScenario.Scene => $"SceneFake/{split}/{(l.Key == "bonafide" ? "real" : "fake")}/{l.Id}.wav",
                    _ => $"LA/ASVspoof2019_LA_{split}/flac/{l.Id}.wav",
                };
                Assert.True(File.Exists(Path.Combine(root, audio)), audio);
                Assert.Contains(l.Key, scenario == DemoScenario.Song ? new[] { "bonafide", "deepfake" } : ["bonafide", "spoof"]);
            }
        }
        if (scenario == DemoScenario.Song) Assert.Equal(["train", "dev", "test"], info.Splits.Select(s => s.Split));
        if (scenario == DemoScenario.Multilingual)
        {
            var languages = File.ReadAllLines(Path.Combine(root, "LA/demo_speakers.txt")).Select(l => l.Split(' ')[1]).Distinct().Order();
            Assert.Equal(["en", "es", "zh"], languages);
        }
    }
}
