namespace Layerwise.Data.Demo;

/// <summary>A synthetic talker: everything that makes two speakers' voices differ in the source–filter model.</summary>
internal sealed record DemoSpeaker(
    string Id,
    DemoLanguage Language,
    bool Female,
    double F0,              // Hz, median
    double F0RangeSemitones,
    double VocalTract,      // formant scale (shorter tract → higher formants)
    double[] FormantOffsets, // per-formant idiosyncratic factors around 1
    double Jitter,          // relative period perturbation (sd)
    double Shimmer,         // relative amplitude perturbation (sd)
    double OpenQuotient,
    double Tilt,            // one-pole low-pass coefficient on the glottal source
    double Breathiness,
    double NoiseFloorDb,    // dB re peak
    double Rate,            // duration multiplier (>1 = slower)
    double BandwidthScale)
{
    public static DemoSpeaker Create(string id, DemoLanguage language, DemoRandom rng)
    {
        bool female = rng.Chance(0.5);
        double f0 = female ? rng.Uniform(175, 250) : rng.Uniform(90, 145);
        return new DemoSpeaker(
            id, language, female, f0,
            F0RangeSemitones: rng.Uniform(2.5, 7.0),
            VocalTract: female ? rng.Uniform(1.08, 1.22) : rng.Uniform(0.9, 1.04),
            FormantOffsets: [rng.Uniform(0.95, 1.05), rng.Uniform(0.95, 1.05), rng.Uniform(0.95, 1.05), rng.Uniform(0.96, 1.04), rng.Uniform(0.96, 1.04)],
            Jitter: rng.Uniform(0.003, 0.015),
            Shimmer: rng.Uniform(0.02, 0.07),
            OpenQuotient: rng.Uniform(0.45, 0.75),
            Tilt: rng.Uniform(0.05, 0.6),
            Breathiness: rng.Uniform(0.01, 0.12),
            NoiseFloorDb: rng.Uniform(-62, -42),
            Rate: rng.Uniform(0.85, 1.2),
            BandwidthScale: rng.Uniform(0.8, 1.3));
    }
}
