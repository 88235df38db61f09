namespace Layerwise.Data.Demo;

/// <summary>A02: LPC pulse/noise vocoder (order 18, 20 ms frames, 10 ms hop): an all-pole envelope excited by a
/// jitter-free impulse train where voiced and white noise where not. Artifacts: buzziness, flat harmonic
/// amplitudes, no aspiration mixed into voicing, no shimmer.</summary>
internal sealed class LpcVocoderAttack : DemoAttack
{
    const int Order = 18, Frame = 320, Hop = 160;

    public override string Name => "lpc-vocoder";

    public override string Description => "LPC (order 18) pulse/noise vocoder, 10 ms frames, jitter-free impulse excitation";

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        int n = x.Length;
        var y = new double[n];
        var w = DemoDsp.Hann(Frame);
        var hist = new double[Order + 1];
        double phase = 0;
        var seg = new double[Frame];
        var r = new double[Order + 1];
        for (int start = 0; start < n; start += Hop)
        {
            int centre = start + Hop / 2;
            for (int i = 0; i < Frame; i++)
            {
                int k = centre - Frame / 2 + i;
                seg[i] = k >= 0 && k < n ? x[k] * w[i] : 0;
            }
            for (int lag = 0; lag <= Order; lag++)
            {
                double s = 0;
                for (int i = lag; i < Frame; i++) s += seg[i] * seg[i - lag];
                r[lag] = s * (lag == 0 ? 1.0 : Math.Exp(-0.5 * Math.Pow(2 * Math.PI * 60.0 * lag / DemoSynthesizer.SampleRate, 2))); // lag window
            }
            var (a, err) = DemoDsp.Levinson(r, Order);
            double gain = Math.Sqrt(err / (0.375 * Frame)); // residual rms (Hann power ≈ 0.375)
            double f0 = signal.F0PerMs[Math.Min(signal.F0PerMs.Length - 1, centre / 16)];
            for (int i = start; i < Math.Min(n, start + Hop); i++)
            {
                double e;
                if (f0 > 0)
                {
                    double period = DemoSynthesizer.SampleRate / f0;
                    phase += 1 / period;
                    if (phase >= 1) { phase -= 1; e = Math.Sqrt(period); } else e = 0;
                }
                else e = rng.Gaussian();
                double v = gain * e;
                for (int j = 1; j <= Order; j++) v += a[j] * hist[j];
                for (int j = Order; j > 1; j--) hist[j] = hist[j - 1];
                hist[1] = v;
                y[i] = v;
            }
        }
        return y;
    }
}
