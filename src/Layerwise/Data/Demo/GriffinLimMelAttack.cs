namespace Layerwise.Data.Demo;

/// <summary>A01: magnitude → 64-band mel spectrogram → pseudo-inverse → Griffin-Lim phase (a few iterations).
/// Artifacts: smeared harmonics at high frequency, phasiness, weak transients.</summary>
internal sealed class GriffinLimMelAttack : DemoAttack
{
    const int Nfft = 512, Hop = 128, Mels = 64, Iterations = 12;
    static readonly double[][] Fb = DemoDsp.MelFilterbank(Mels, Nfft, DemoSynthesizer.SampleRate);

    public override string Name => "griffin-lim-mel";

    public override string Description => "Griffin-Lim (12 iterations) from a 64-band mel magnitude spectrogram";

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        var (re, im) = DemoDsp.Stft(x, Nfft, Hop);
        int frames = re.Length, bins = Nfft / 2 + 1;
        // Mel-domain magnitude, then back to linear bins with the normalised transpose (what a mel "vocoder" input loses).
        var colSum = new double[bins];
        for (int m = 0; m < Mels; m++) for (int k = 0; k < bins; k++) colSum[k] += Fb[m][k];
        var mag = new double[frames][];
        var mel = new double[Mels];
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < Mels; m++)
            {
                double s = 0, wsum = 0;
                for (int k = 0; k < bins; k++)
                {
                    double w = Fb[m][k];
                    if (w == 0) continue;
                    s += w * Math.Sqrt(re[t][k] * re[t][k] + im[t][k] * im[t][k]);
                    wsum += w;
                }
                mel[m] = wsum > 0 ? s / wsum : 0;
            }
            mag[t] = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                double s = 0;
                for (int m = 0; m < Mels; m++) s += Fb[m][k] * mel[m];
                mag[t][k] = colSum[k] > 1e-9 ? s / colSum[k] : 0;
            }
        }
        // Griffin-Lim from random phase.
        for (int t = 0; t < frames; t++)
            for (int k = 0; k < bins; k++)
            {
                double ph = rng.Uniform(0, 2 * Math.PI);
                re[t][k] = mag[t][k] * Math.Cos(ph);
                im[t][k] = mag[t][k] * Math.Sin(ph);
            }
        double[] y = DemoDsp.Istft(re, im, Nfft, Hop, x.Length);
        for (int it = 0; it < Iterations; it++)
        {
            var (r2, i2) = DemoDsp.Stft(y, Nfft, Hop);
            for (int t = 0; t < frames; t++)
                for (int k = 0; k < bins; k++)
                {
                    double a = Math.Sqrt(r2[t][k] * r2[t][k] + i2[t][k] * i2[t][k]);
                    if (a > 1e-12) { re[t][k] = mag[t][k] * r2[t][k] / a; im[t][k] = mag[t][k] * i2[t][k] / a; }
                    else { re[t][k] = mag[t][k]; im[t][k] = 0; }
                }
            y = DemoDsp.Istft(re, im, Nfft, Hop, x.Length);
        }
        return y;
    }
}
