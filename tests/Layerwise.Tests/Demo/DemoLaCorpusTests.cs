using System.Text.Json;
using Layerwise.Audio;
using Layerwise.Data.Demo;

namespace Layerwise.Tests.Demo;

/// <summary>One small LA corpus shared by the count, layout and separability tests.</summary>
public sealed class DemoLaCorpusFixture : IDisposable
{
    readonly TempDir _tmp = new();

    public static readonly DemoCorpusOptions Options = new()
    {
        Seed = 5,
        TrainUtterances = 24,
        DevUtterances = 12,
        EvalUtterances = 120,
        BonafideFraction = 0.25,
        SpeakersPerSplit = 3,
        TrainAttacks = 3,
        EvalAttacks = 6,
        MinSeconds = 1.0,
        MaxSeconds = 1.6,
    };

    public string Root => _tmp.Sub("la");
    public DemoCorpusInfo Info { get; }

    public DemoLaCorpusFixture() => Info = DemoCorpus.Create(Root, Options);

    public void Dispose() => _tmp.Dispose();
}

public class DemoLaCorpusTests(DemoLaCorpusFixture corpus) : IClassFixture<DemoLaCorpusFixture>
{
    static readonly (string Split, string Protocol)[] Splits =
        [("train", "train.trn"), ("dev", "dev.trl"), ("eval", "eval.trl")];

    List<DemoTestSupport.ProtocolLine> Protocol(string file) => DemoTestSupport.ReadProtocol(
        Path.Combine(corpus.Root, "LA", "ASVspoof2019_LA_cm_protocols", $"ASVspoof2019.LA.cm.{file}.txt"));

    [Theory]
    // utterances, bona fide (= 25 %), spoofs per attack
    [InlineData("train", "train.trn", 24, 6, new[] { "A01", "A02", "A03" }, 6)]
    [InlineData("dev", "dev.trl", 12, 3, new[] { "A01", "A02", "A03" }, 3)]
    [InlineData("eval", "eval.trl", 120, 30, new[] { "A01", "A02", "A03", "A04", "A05", "A06" }, 15)]
    public void Protocols_HaveConfiguredLabelAndAttackCounts(string split, string file, int utterances, int bonafide, string[] attacks, int perAttack)
    {
        var lines = Protocol(file);
        Assert.Equal(utterances, lines.Count);
        Assert.Equal(bonafide, lines.Count(l => l.Key == "bonafide"));
        Assert.All(lines.Where(l => l.Key == "bonafide"), l => Assert.Equal("-", l.Attack));
        var byAttack = lines.Where(l => l.Key == "spoof").GroupBy(l => l.Attack).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(attacks, byAttack.Keys.Order());
        Assert.All(byAttack.Values, c => Assert.Equal(perAttack, c));
        Assert.All(lines, l => Assert.Matches($"^LA_{char.ToUpperInvariant(split[0])}_\\d{{7}}$", l.Id));
        Assert.All(lines, l => Assert.Matches("^LA_\\d{4}$", l.Speaker));
        Assert.Equal(3, lines.Select(l => l.Speaker).Distinct().Count());
        // The library's own summary agrees with the files.
        var summary = corpus.Info.Splits.Single(s => s.Split == split);
        Assert.Equal((utterances, bonafide, utterances - bonafide), (summary.Utterances, summary.Bonafide, summary.Spoof));
        Assert.Equal(byAttack.OrderBy(p => p.Key), summary.Attacks.OrderBy(p => p.Key));
    }

    [Fact]
    public void Audio_IsOne16kMonoWavPerLine_WithinConfiguredDurations()
    {
        var speakersBySplit = new List<HashSet<string>>();
        foreach (var (split, file) in Splits)
        {
            var lines = Protocol(file);
            speakersBySplit.Add(lines.Select(l => l.Speaker).ToHashSet());
            var folder = Path.Combine(corpus.Root, "LA", $"ASVspoof2019_LA_{split}", "flac");
            Assert.Equal(lines.Select(l => l.Id + ".wav").Order(StringComparer.Ordinal),
                Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var l in lines)
            {
                var x = DemoTestSupport.ReadWav16kMono(Path.Combine(folder, l.Id + ".wav"));
                // The project's audio entry point reads it the same way.
                var info = AudioFile.Info(Path.Combine(folder, l.Id + ".wav"));
                Assert.Equal((16000, 1, 16, (long)x.Length), (info.SampleRate, info.Channels, info.BitsPerSample, info.Samples));
                Assert.InRange(x.Length / 16000.0, 1.0 - 0.002, 1.6 + 0.002);
                double peak = x.Max(Math.Abs);
                Assert.InRange(20 * Math.Log10(peak), -7.1, -1.9); // level is randomised the same way for both classes
            }
        }
        Assert.Empty(speakersBySplit[0].Intersect(speakersBySplit[1]));
        Assert.Empty(speakersBySplit[0].Intersect(speakersBySplit[2]));
        Assert.Empty(speakersBySplit[1].Intersect(speakersBySplit[2]));
    }

    [Fact]
    public void ReadmeAndManifest_SaySynthetic()
    {
        string readme = File.ReadAllText(Path.Combine(corpus.Root, "README.txt"));
        Assert.StartsWith("*** SYNTHETIC", readme);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus.Root, DemoCorpus.ManifestFileName)));
        Assert.True(manifest.RootElement.GetProperty("synthetic").GetBoolean());
        Assert.Equal(120, manifest.RootElement.GetProperty("splits").GetProperty("eval").GetProperty("utterances").GetInt32());
    }

    /// <summary>A hand-made feature (share of energy above 4 kHz) must separate some attacks from bona fide and not
    /// others: the band-limiting attack (A04) is obvious, the vocoders that keep the full band are not.</summary>
    [Fact]
    public void HighBandRatio_SeparatesSomeAttacksButNotAll()
    {
        var lines = Protocol("eval.trl");
        string folder = Path.Combine(corpus.Root, "LA", "ASVspoof2019_LA_eval", "flac");
        var feature = lines.ToDictionary(l => l.Id, l => DemoTestSupport.HighBandRatio(DemoTestSupport.ReadWav16kMono(Path.Combine(folder, l.Id + ".wav"))));
        var bona = lines.Where(l => l.Key == "bonafide").Select(l => feature[l.Id]).ToList();
        var auc = lines.Where(l => l.Key == "spoof").GroupBy(l => l.Attack).ToDictionary(
            g => g.Key,
            g =>
            {
                double a = DemoTestSupport.Auc(bona, g.Select(l => feature[l.Id]).ToList());
                return Math.Max(a, 1 - a); // direction-free separability
            });
        string report = string.Join(", ", auc.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:0.00}"));
        Assert.True(auc["A04"] > 0.9, "band-limited attack should be obvious: " + report);
        Assert.True(auc.Values.Count(v => v > 0.8) >= 1, report);
        Assert.True(auc.Values.Count(v => v < 0.7) >= 2, "the feature should not separate every attack: " + report);
    }
}
