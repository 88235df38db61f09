namespace Layerwise.Data.Demo;

/// <summary>A04: band-limited envelope smoothing: the STFT magnitude is averaged over time (±3 frames) and
/// frequency (±1 bin) and rolled off above a 3.8–5 kHz cut-off; the original phase is kept. Artifacts: a missing
/// high band and over-smooth dynamics (what a low-bandwidth acoustic model produces).</summary>
internal sealed class EnvelopeSmoothingAttack : DemoAttack
{
    const int Nfft = 512, Hop = 128;

    public override string Name => "bandlimited-envelope-smoothing";

    public override string Description => "STFT magnitude smoothed over time and frequency, band-limited at 3.8-5 kHz, original phase";

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        var (re, im) = DemoDsp.Stft(x, Nfft, Hop);
        int frames = re.Length, bins = Nfft / 2 + 1;
        double cutoff = rng.Uniform(3800, 5000);
        var mag = new double[frames][];
        for (int t = 0; t < frames; t++)
        {
            mag[t] = new double[bins];
            for (int k = 0; k < bins; k++) mag[t][k] = Math.Sqrt(re[t][k] * re[t][k] + im[t][k] * im[t][k]);
        }
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bins; k++)
            {
                double s = 0; int c = 0;
                for (int dt = -3; dt <= 3; dt++)
                {
                    int tt = t + dt;
                    if (tt < 0 || tt >= frames) continue;
                    for (int dk = -1; dk <= 1; dk++) { s += mag[tt][Math.Clamp(k + dk, 0, bins - 1)]; c++; }
                }
                double hz = (double)k * DemoSynthesizer.SampleRate / Nfft;
                double roll = hz <= cutoff ? 1 : Math.Pow(10, -60 * (hz - cutoff) / 1000 / 20); // 60 dB per kHz
                double a = mag[t][k];
                double target = s / c * roll;
                if (a > 1e-12) { re[t][k] *= target / a; im[t][k] *= target / a; }
            }
        }
        return DemoDsp.Istft(re, im, Nfft, Hop, x.Length);
    }
}
