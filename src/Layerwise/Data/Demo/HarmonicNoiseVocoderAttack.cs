namespace Layerwise.Data.Demo;

/// <summary>A03: harmonic-plus-noise vocoder with F0 quantised to a semitone grid: harmonics up to a 4 kHz maximum
/// voiced frequency with amplitudes read off the short-time spectrum, shaped noise above it (and where unvoiced).
/// Artifacts: stepped pitch, no jitter, a hard harmonic/noise boundary.</summary>
internal sealed class HarmonicNoiseVocoderAttack : DemoAttack
{
    const int Nfft = 1024, Hop = 80, MaxVoicedHz = 4000;

    public override string Name => "hnm-vocoder-quantised-f0";

    public override string Description => "harmonic-plus-noise vocoder, F0 quantised to semitones, 4 kHz maximum voiced frequency";

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        int n = x.Length, sr = DemoSynthesizer.SampleRate, bins = Nfft / 2 + 1;
        var (re, im) = DemoDsp.Stft(x, Nfft, Hop);
        int frames = re.Length;
        var mag = new double[frames][];
        for (int t = 0; t < frames; t++)
        {
            mag[t] = new double[bins];
            for (int k = 0; k < bins; k++) mag[t][k] = Math.Sqrt(re[t][k] * re[t][k] + im[t][k] * im[t][k]);
        }
        double hannSum = Nfft / 2.0;
        var f0q = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            double f0 = signal.F0PerMs[Math.Min(signal.F0PerMs.Length - 1, t * Hop / 16)];
            f0q[t] = f0 > 0 ? 440 * Math.Pow(2, Math.Round(12 * Math.Log2(f0 / 440)) / 12) : 0;
        }
        // Harmonic part: per-sample sum of sinusoids with interpolated amplitudes and continuous phases.
        var y = new double[n];
        var phases = new double[64];
        for (int t = 0; t < frames - 1; t++)
        {
            double fA = f0q[t], fB = f0q[t + 1];
            if (fA <= 0 && fB <= 0) continue;
            double f = fA > 0 ? fA : fB;
            int h = Math.Min(phases.Length, (int)(MaxVoicedHz / f));
            var ampA = new double[h];
            var ampB = new double[h];
            for (int j = 0; j < h; j++)
            {
                ampA[j] = fA > 0 ? PeakNear(mag[t], (j + 1) * f) / hannSum : 0;
                ampB[j] = fB > 0 ? PeakNear(mag[t + 1], (j + 1) * f) / hannSum : 0;
            }
            for (int i = t * Hop; i < Math.Min(n, (t + 1) * Hop); i++)
            {
                double u = (double)(i - t * Hop) / Hop;
                double s = 0;
                for (int j = 0; j < h; j++)
                {
                    phases[j] += 2 * Math.PI * (j + 1) * f / sr;
                    s += (ampA[j] + u * (ampB[j] - ampA[j])) * Math.Cos(phases[j]);
                }
                y[i] += s;
            }
            for (int j = 0; j < phases.Length; j++) phases[j] %= 2 * Math.PI;
        }
        // Noise part: random-phase spectrum with the smoothed original magnitude, above the MVF or where unvoiced.
        int mvfBin = MaxVoicedHz * Nfft / sr;
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bins; k++)
            {
                double m = 0;
                for (int d = -3; d <= 3; d++) m += mag[t][Math.Clamp(k + d, 0, bins - 1)];
                m /= 7;
                if (f0q[t] > 0 && k < mvfBin) m = 0;
                double ph = rng.Uniform(0, 2 * Math.PI);
                re[t][k] = m * Math.Cos(ph);
                im[t][k] = m * Math.Sin(ph);
            }
        }
        var noise = DemoDsp.Istft(re, im, Nfft, Hop, n);
        for (int i = 0; i < n; i++) y[i] += noise[i];
        return y;
    }

    static double PeakNear(double[] mag, double hz)
    {
        int centre = (int)Math.Round(hz * Nfft / DemoSynthesizer.SampleRate);
        double best = 0;
        for (int k = Math.Max(0, centre - 2); k <= Math.Min(mag.Length - 1, centre + 2); k++) best = Math.Max(best, mag[k]);
        return best;
    }
}
