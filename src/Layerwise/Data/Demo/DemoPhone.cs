namespace Layerwise.Data.Demo;

internal enum PhoneKind { Vowel, Nasal, Approximant, Fricative, Plosive }

/// <summary>One phone target: formants (Hz, for a reference adult vocal tract), a nominal duration, and for
/// obstruents the centre/bandwidth of their frication noise.</summary>
internal sealed record DemoPhone(string Symbol, PhoneKind Kind, double F1, double F2, double F3, double Ms,
    bool Voiced = true, double NoiseHz = 0, double NoiseBw = 0);

/// <summary>A "language": a phone inventory, syllable shapes and prosody. The demo has three, different
/// enough that a multilingual corpus is not one inventory with renamed ids.</summary>
internal sealed record DemoLanguage(string Code, DemoPhone[] Vowels, DemoPhone[] Onsets, DemoPhone[] Codas,
    double CodaProbability, bool Tonal, double StressAccent, double SyllableRate)
{
    static DemoPhone V(string s, double f1, double f2, double f3, double ms = 110) => new(s, PhoneKind.Vowel, f1, f2, f3, ms);

    static readonly DemoPhone M = new("m", PhoneKind.Nasal, 280, 1100, 2300, 70);
    static readonly DemoPhone N = new("n", PhoneKind.Nasal, 280, 1600, 2600, 65);
    static readonly DemoPhone Ng = new("ng", PhoneKind.Nasal, 300, 2000, 2700, 70);
    static readonly DemoPhone L = new("l", PhoneKind.Approximant, 360, 1100, 2700, 60);
    static readonly DemoPhone R = new("r", PhoneKind.Approximant, 420, 1300, 1650, 60);
    static readonly DemoPhone Rr = new("rr", PhoneKind.Approximant, 450, 1350, 2400, 80); // trill-like (amplitude-modulated below)
    static readonly DemoPhone W = new("w", PhoneKind.Approximant, 320, 750, 2300, 55);
    static readonly DemoPhone J = new("j", PhoneKind.Approximant, 280, 2200, 2950, 55);
    static readonly DemoPhone S = new("s", PhoneKind.Fricative, 350, 1700, 2700, 100, false, 6200, 1800);
    static readonly DemoPhone Sh = new("sh", PhoneKind.Fricative, 350, 1900, 2500, 100, false, 3300, 1400);
    static readonly DemoPhone X = new("x", PhoneKind.Fricative, 400, 1300, 2500, 90, false, 1900, 1200);
    static readonly DemoPhone F = new("f", PhoneKind.Fricative, 350, 1400, 2500, 90, false, 5000, 4500);
    static readonly DemoPhone Th = new("th", PhoneKind.Fricative, 350, 1500, 2600, 85, false, 5500, 4000);
    static readonly DemoPhone H = new("h", PhoneKind.Fricative, 500, 1500, 2500, 60, false, 1800, 3000);
    static readonly DemoPhone Z = new("z", PhoneKind.Fricative, 300, 1700, 2700, 80, true, 6000, 1800);
    static readonly DemoPhone Vv = new("v", PhoneKind.Fricative, 300, 1400, 2500, 70, true, 4500, 4000);
    static readonly DemoPhone P = new("p", PhoneKind.Plosive, 300, 900, 2300, 90, false, 1200, 2500);
    static readonly DemoPhone T = new("t", PhoneKind.Plosive, 300, 1700, 2700, 85, false, 4200, 2500);
    static readonly DemoPhone K = new("k", PhoneKind.Plosive, 300, 2000, 2500, 90, false, 2400, 1500);
    static readonly DemoPhone B = new("b", PhoneKind.Plosive, 300, 900, 2300, 70, true, 1000, 2000);
    static readonly DemoPhone D = new("d", PhoneKind.Plosive, 300, 1700, 2700, 65, true, 3800, 2500);
    static readonly DemoPhone G = new("g", PhoneKind.Plosive, 300, 2000, 2500, 70, true, 2200, 1500);
    static readonly DemoPhone Ts = new("ts", PhoneKind.Plosive, 320, 1800, 2700, 110, false, 6000, 2000); // affricate
    static readonly DemoPhone Tsh = new("tsh", PhoneKind.Plosive, 320, 1900, 2500, 110, false, 3400, 1500);

    /// <summary>English-like: many vowels, clusters of codas, stress-timed (strong accents).</summary>
    public static readonly DemoLanguage English = new("en",
        [V("i", 280, 2250, 2900), V("I", 400, 1900, 2550, 80), V("e", 480, 1850, 2550), V("ae", 660, 1700, 2400, 120),
         V("a", 730, 1100, 2450, 130), V("o", 500, 900, 2400), V("u", 320, 900, 2250), V("@", 500, 1400, 2450, 70),
         V("V", 620, 1200, 2550, 90)],
        [P, T, K, B, D, G, M, N, L, R, W, J, S, Sh, F, Th, H, Z, Vv],
        [T, K, D, N, M, Ng, L, S, Z, R, F],
        0.55, false, 1.0, 4.8);

    /// <summary>Mandarin-like: tonal, few codas (nasals only), retroflex/alveolo-palatal fricatives and affricates.</summary>
    public static readonly DemoLanguage Mandarin = new("zh",
        [V("i", 290, 2300, 3000), V("y", 290, 1900, 2200), V("a", 780, 1250, 2500, 140), V("e", 520, 1300, 2450),
         V("u", 330, 800, 2300), V("o", 520, 950, 2450)],
        [P, T, K, M, N, L, F, Sh, X, S, Ts, Tsh, H, J, W],
        [N, Ng],
        0.35, true, 0.4, 5.2);

    /// <summary>Spanish-like: five vowels, syllable-timed (mild accents), trill, mostly open syllables.</summary>
    public static readonly DemoLanguage Spanish = new("es",
        [V("i", 300, 2300, 3000, 95), V("e", 460, 2000, 2650, 95), V("a", 700, 1300, 2500, 100), V("o", 480, 950, 2500, 95),
         V("u", 320, 850, 2300, 95)],
        [P, T, K, B, D, G, M, N, L, Rr, S, X, F, Tsh, J],
        [N, S, L, R],
        0.25, false, 0.6, 6.2);

    public static readonly DemoLanguage[] All = [English, Mandarin, Spanish];
}
