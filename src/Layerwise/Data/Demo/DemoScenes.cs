namespace Layerwise.Data.Demo;

/// <summary>Synthetic acoustic scenes (background only) for the SceneFake-like scenario.</summary>
internal static class DemoScenes
{
    public static readonly string[] Kinds = ["street", "cafe", "rain", "office", "park"];

    public static double[] Generate(string kind, int n, DemoRandom rng)
    {
        int sr = DemoSynthesizer.SampleRate;
        var y = new double[n];
        double brown = 0, pink = 0;
        switch (kind)
        {
            case "street":
            {
                double carAt = rng.Uniform(0, n), carLen = rng.Uniform(0.8, 2.0) * sr;
                for (int i = 0; i < n; i++)
                {
                    brown = 0.995 * brown + 0.05 * rng.Gaussian();
                    double car = Math.Exp(-Math.Pow((i - carAt) / carLen, 2));
                    pink += 0.05 * (rng.Gaussian() - pink);
                    y[i] = brown * 0.6 + pink * (0.5 + 3 * car);
                }
                break;
            }
            case "cafe":
            {
                for (int i = 0; i < n; i++) { pink += 0.2 * (rng.Gaussian() - pink); y[i] = 0.4 * pink * (1 + 0.3 * Math.Sin(2 * Math.PI * 3.1 * i / sr)); }
                int clinks = 1 + rng.Next(4);
                for (int c = 0; c < clinks; c++)
                {
                    int at = rng.Next(Math.Max(1, n)); double f = rng.Uniform(2000, 5000);
                    for (int i = at; i < Math.Min(n, at + sr / 5); i++) y[i] += 0.5 * Math.Exp(-(i - at) / (0.03 * sr)) * Math.Sin(2 * Math.PI * f * (i - at) / sr);
                }
                break;
            }
            case "rain":
            {
                double prev = 0;
                for (int i = 0; i < n; i++)
                {
                    double g = rng.Gaussian();
                    y[i] = 0.3 * (g - 0.7 * prev);
                    prev = g;
                    if (rng.Chance(0.002)) y[i] += rng.Uniform(-1, 1);
                }
                break;
            }
            case "office":
            {
                double hz = rng.Chance(0.5) ? 50 : 60;
                for (int i = 0; i < n; i++)
                {
                    pink += 0.1 * (rng.Gaussian() - pink);
                    y[i] = 0.25 * pink + 0.2 * Math.Sin(2 * Math.PI * hz * i / sr) + 0.08 * Math.Sin(4 * Math.PI * hz * i / sr);
                }
                int keys = 3 + rng.Next(10);
                for (int c = 0; c < keys; c++)
                {
                    int at = rng.Next(Math.Max(1, n));
                    for (int i = at; i < Math.Min(n, at + 160); i++) y[i] += 0.6 * rng.Gaussian() * Math.Exp(-(i - at) / 25.0);
                }
                break;
            }
            default: // park: wind and birds
            {
                for (int i = 0; i < n; i++) { brown = 0.998 * brown + 0.03 * rng.Gaussian(); y[i] = brown * (0.6 + 0.4 * Math.Sin(2 * Math.PI * 0.3 * i / sr)); }
                int birds = 1 + rng.Next(4);
                for (int c = 0; c < birds; c++)
                {
                    int at = rng.Next(Math.Max(1, n)), len = (int)(rng.Uniform(0.05, 0.2) * sr);
                    double f0 = rng.Uniform(2500, 5000), sweep = rng.Uniform(-2000, 2000), ph = 0;
                    for (int i = at; i < Math.Min(n, at + len); i++)
                    {
                        double u = (double)(i - at) / len;
                        ph += 2 * Math.PI * (f0 + sweep * u) / sr;
                        y[i] += 0.4 * Math.Sin(Math.PI * u) * Math.Sin(ph);
                    }
                }
                break;
            }
        }
        return y;
    }

    /// <summary>speech + scene at the given SNR (dB, over the whole utterance).</summary>
    public static double[] Mix(double[] speech, double[] scene, double snrDb)
    {
        double ps = 1e-12, pn = 1e-12;
        for (int i = 0; i < speech.Length; i++) { ps += speech[i] * speech[i]; pn += scene[i] * scene[i]; }
        double g = Math.Sqrt(ps / pn / Math.Pow(10, snrDb / 10));
        var y = new double[speech.Length];
        for (int i = 0; i < y.Length; i++) y[i] = speech[i] + g * scene[i];
        return y;
    }
}

/// <summary>SceneFake-style manipulation: a speech-enhancement method strips the original scene from the mixture
/// (leaving its own artifacts) and a different scene is mixed in. Noise is tracked by minimum statistics.</summary>
internal sealed class SceneAttack(string name, string description, Func<double, double, double> gain, double bandLimitHz)
{
    public string Name => name;
    public string Description => description;

    public static readonly SceneAttack[] All =
    [
        new("spectral-subtraction", "power spectral subtraction (over-subtraction 2, floor 0.02): musical noise", (snr, _) => Math.Sqrt(Math.Max(0.02, 1 - 2 / Math.Max(snr, 1e-9))), 0),
        new("wiener", "Wiener gain from a decision-directed a-priori SNR", (snr, prior) => prior / (1 + prior), 0),
        new("binary-mask", "ideal-binary-like mask at 0 dB local SNR: gated, hollow spectra", (snr, _) => snr > 2 ? 1 : 0.05, 0),
        new("wiener-bandlimited", "Wiener gain with a 6 kHz low-pass (a narrow-band enhancement model)", (snr, prior) => prior / (1 + prior), 6000),
        new("under-suppression", "Wiener gain floored at 0.35: the old scene leaks under the new one", (snr, prior) => Math.Max(0.35, prior / (1 + prior)), 0),
        new("subtraction-bandlimited", "spectral subtraction with a 4 kHz low-pass (telephone-band enhancement)", (snr, _) => Math.Sqrt(Math.Max(0.02, 1 - 2 / Math.Max(snr, 1e-9))), 4000),
    ];

    public double[] Apply(double[] mixture, double[] newScene, double snrDb)
    {
        const int nfft = 512, hop = 128;
        var (re, im) = DemoDsp.Stft(mixture, nfft, hop);
        int frames = re.Length, bins = nfft / 2 + 1;
        var smooth = new double[bins];
        var noise = new double[bins];
        var prevClean = new double[bins];
        var history = new Queue<double[]>();
        for (int t = 0; t < frames; t++)
        {
            var p = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                p[k] = re[t][k] * re[t][k] + im[t][k] * im[t][k];
                smooth[k] = t == 0 ? p[k] : 0.8 * smooth[k] + 0.2 * p[k];
            }
            history.Enqueue((double[])smooth.Clone());
            if (history.Count > 60) history.Dequeue(); // ~0.5 s of minimum statistics
            for (int k = 0; k < bins; k++)
            {
                double min = double.MaxValue;
                foreach (var h in history) min = Math.Min(min, h[k]);
                noise[k] = 1.5 * min + 1e-12;
                double post = p[k] / noise[k];
                double prior = 0.98 * prevClean[k] / noise[k] + 0.02 * Math.Max(post - 1, 0);
                double g = gain(post, prior);
                double hz = (double)k * DemoSynthesizer.SampleRate / nfft;
                if (bandLimitHz > 0 && hz > bandLimitHz) g *= 0.01;
                prevClean[k] = g * g * p[k];
                re[t][k] *= g;
                im[t][k] *= g;
            }
        }
        var enhanced = DemoDsp.Istft(re, im, nfft, hop, mixture.Length);
        return DemoScenes.Mix(enhanced, newScene, snrDb);
    }
}
