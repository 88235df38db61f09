using System.Globalization;

namespace Layerwise.Data.Demo;

/// <summary>One planned utterance.</summary>
internal sealed record DemoItem(string Split, int SplitIndex, int Index, int SpeakerIndex, string Speaker, string Id, int Attack)
{
    public bool Bonafide => Attack < 0;
    public string AttackId => Attack < 0 ? "-" : DemoAttack.IdOf(Attack);
}

/// <summary>Names and paths of each scenario's official layout (see docs/demo-corpus.md and the reference's
/// section 4). Audio is 16 kHz 16-bit mono, WAV or FLAC.</summary>
internal sealed class DemoLayout
{
    public DemoScenario Scenario { get; }
    public string DatasetId { get; }
    public string[] Splits { get; }

    public string Extension { get; }

    public DemoLayout(DemoScenario scenario, DemoAudioFormat format)
    {
        Scenario = scenario;
        Extension = format == DemoAudioFormat.Flac ? ".flac" : ".wav";
        (DatasetId, Splits) = scenario switch
        {
            DemoScenario.Partial => ("partialspoof", new[] { "train", "dev", "eval" }),
            DemoScenario.Song => ("ctrsvdd", new[] { "train", "dev", "test" }),
            DemoScenario.Scene => ("scenefake", new[] { "train", "dev", "eval" }),
            _ => ("asvspoof2019-la", new[] { "train", "dev", "eval" }),
        };
    }

    static string Letter(int splitIndex) => splitIndex switch { 0 => "T", 1 => "D", _ => "E" };

    public string SpeakerId(int globalSpeaker) => Scenario == DemoScenario.Song
        ? $"CtrSVDD_{globalSpeaker + 1:0000}"
        : $"LA_{globalSpeaker + 1:0000}";

    public string UtteranceId(int splitIndex, int index, bool bonafide, string speaker)
    {
        int number = 1_000_000 + index + 1;
        return Scenario switch
        {
            DemoScenario.Partial => $"{(bonafide ? "LA" : "CON")}_{Letter(splitIndex)}_{number:0000000}",
            DemoScenario.Song => $"{speaker}_{Letter(splitIndex)}_{number:0000000}",
            DemoScenario.Scene => $"SF_{Letter(splitIndex)}_{number:0000000}",
            _ => $"LA_{Letter(splitIndex)}_{number:0000000}",
        };
    }

    /// <summary>Relative (forward-slash) path of an utterance's audio.</summary>
    public string AudioPath(DemoItem item) => Scenario switch
    {
        DemoScenario.Partial => $"database/{item.Split}/con_wav/{item.Id}{Extension}",
        DemoScenario.Song => $"{item.Split}_set/{item.Id}{Extension}",
        DemoScenario.Scene => $"SceneFake/{item.Split}/{(item.Bonafide ? "real" : "fake")}/{item.Id}{Extension}",
        _ => $"LA/ASVspoof2019_LA_{item.Split}/flac/{item.Id}{Extension}",
    };

    public string ProtocolPath(int splitIndex) => Scenario switch
    {
        DemoScenario.Partial => $"database/protocols/PartialSpoof_LA_cm_protocols/PartialSpoof.LA.cm.{Splits[splitIndex]}.trl.txt",
        DemoScenario.Song => $"{Splits[splitIndex]}.txt",
        DemoScenario.Scene => $"SceneFake/{Splits[splitIndex]}.txt",
        _ => $"LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.{(splitIndex == 0 ? "train.trn" : Splits[splitIndex] + ".trl")}.txt",
    };

    public string ProtocolLine(DemoItem item) => Scenario switch
    {
        DemoScenario.Song => $"demosynth {item.Speaker} {item.Id} - {item.AttackId} {(item.Bonafide ? "bonafide" : "deepfake")}",
        _ => $"{item.Speaker} {item.Id} - {item.AttackId} {(item.Bonafide ? "bonafide" : "spoof")}",
    };

    /// <summary>PartialSpoof-style segment labels at 0.16 s: '1' bona fide, '0' contains spoofed audio.</summary>
    public static string SegmentLabelLine(string id, IReadOnlyList<Segment> segments, double seconds, double resolution = 0.16)
    {
        int count = (int)Math.Ceiling(seconds / resolution - 1e-9);
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            double a = i * resolution, b = Math.Min(seconds, (i + 1) * resolution);
            bool spoof = segments.Any(s => s.Label == Label.Spoof && s.Start < b && s.End > a);
            labels[i] = spoof ? "0" : "1";
        }
        return id + " " + string.Join(' ', labels);
    }

    /// <summary>The same segments in seconds, HAD-style: start-end-T/start-end-F (T = bona fide).</summary>
    public static string SegmentTimesLine(string id, IReadOnlyList<Segment> segments) =>
        id + " " + string.Join('/', segments.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Start:0.000}-{s.End:0.000}-{(s.Label == Label.Bonafide ? "T" : "F")}")));
}
