namespace Layerwise.Data.Demo;

/// <summary>Everything that determines a demo corpus: the same options give byte-identical files.
/// Counts per split: bona fide = round(utterances × <see cref="BonafideFraction"/>) (halves away from zero);
/// the rest are spoofs spread evenly over the split's attacks (the first attacks take the remainder).
/// Train and dev use attacks A01..A<see cref="TrainAttacks"/>; eval uses A01..A<see cref="EvalAttacks"/>, so the
/// ones above <see cref="TrainAttacks"/> are unseen in training, as in ASVspoof.</summary>
public sealed record DemoCorpusOptions
{
    public ulong Seed { get; init; } = 2025;
    public DemoScenario Scenario { get; init; } = DemoScenario.La;
    public int TrainUtterances { get; init; } = 120;
    public int DevUtterances { get; init; } = 60;
    public int EvalUtterances { get; init; } = 120;
    public double BonafideFraction { get; init; } = 0.25;
    /// <summary>Speakers (singers for <see cref="DemoScenario.Song"/>) per split; splits never share speakers.</summary>
    public int SpeakersPerSplit { get; init; } = 6;
    public int TrainAttacks { get; init; } = 3;
    public int EvalAttacks { get; init; } = 6;
    public double MinSeconds { get; init; } = 1.0;
    public double MaxSeconds { get; init; } = 2.5;
    /// <summary>WAV (default) or FLAC; both 16 kHz 16-bit mono. FLAC files get the .flac extension, as in the real archives.</summary>
    public DemoAudioFormat AudioFormat { get; init; } = DemoAudioFormat.Wav;

    /// <summary>Attacks available to <see cref="TrainAttacks"/>/<see cref="EvalAttacks"/> in <paramref name="scenario"/>.</summary>
    public static int MaxAttacks(DemoScenario scenario) => scenario == DemoScenario.Scene ? SceneAttack.All.Length : DemoAttack.All.Length;

    /// <summary>Throws <see cref="DemoCorpusException"/> naming the first bad option.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what)
        {
            if (!ok) throw new DemoCorpusException($"demo corpus options: {what}");
        }
        Check(TrainUtterances >= 0 && DevUtterances >= 0 && EvalUtterances >= 0, "utterance counts must be >= 0");
        Check(TrainUtterances + DevUtterances + EvalUtterances <= 1_000_000, "at most 1,000,000 utterances in all");
        Check(BonafideFraction is >= 0 and <= 1, $"bona fide fraction must be in [0, 1] (got {BonafideFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        Check(SpeakersPerSplit is >= 1 and <= 999, "speakers per split must be in 1..999");
        int max = MaxAttacks(Scenario);
        Check(TrainAttacks >= 1 && TrainAttacks <= max, $"train attacks must be in 1..{max} for scenario {Scenario}");
        Check(EvalAttacks >= 1 && EvalAttacks <= max, $"eval attacks must be in 1..{max} for scenario {Scenario}");
        Check(MinSeconds >= 0.5 && MaxSeconds <= 30 && MinSeconds <= MaxSeconds, "durations must satisfy 0.5 <= min <= max <= 30 seconds");
        Check(Scenario != DemoScenario.Partial || MinSeconds >= 1.0, "partial scenario needs utterances of at least 1 second");
    }
}
