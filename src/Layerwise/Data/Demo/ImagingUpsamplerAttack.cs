namespace Layerwise.Data.Demo;

/// <summary>A06: an 8 kHz "vocoder" output brought to 16 kHz by a cheap upsampler: decimate by 2 (windowed sinc),
/// 10-bit requantisation, then zero-stuffing with a short interpolation filter that leaks spectral images into
/// 4–8 kHz (like the checkerboard artifacts of transposed convolutions).</summary>
internal sealed class ImagingUpsamplerAttack : DemoAttack
{
    static readonly double[] Lowpass = Sinc(63, 0.23);
    static readonly double[] Interp = [0.5, 1.0, 0.5]; // linear interpolation: images only ~10 dB down

    public override string Name => "imaging-upsampler";

    public override string Description => "8 kHz resynthesis with 10-bit requantisation, a linear-interpolation 2x upsampler and a checkerboard image of the band above 4 kHz";

    static double[] Sinc(int taps, double cutoff)
    {
        var h = new double[taps];
        int m = taps / 2;
        double sum = 0;
        for (int i = 0; i < taps; i++)
        {
            double t = i - m;
            double s = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            h[i] = s * (0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (taps - 1)));
            sum += h[i];
        }
        for (int i = 0; i < taps; i++) h[i] /= sum;
        return h;
    }

    static double[] Convolve(double[] x, double[] h)
    {
        int m = h.Length / 2;
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < h.Length; j++)
            {
                int k = i + j - m;
                if (k >= 0 && k < x.Length) s += h[j] * x[k];
            }
            y[i] = s;
        }
        return y;
    }

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        var low = Convolve(x, Lowpass);
        double peak = 1e-9;
        foreach (double v in low) peak = Math.Max(peak, Math.Abs(v));
        var half = new double[(x.Length + 1) / 2];
        double q = peak / 512; // 10-bit steps relative to the peak
        for (int i = 0; i < half.Length; i++) half[i] = Math.Round(low[2 * i] / q + rng.Uniform(-0.5, 0.5)) * q;
        var up = new double[x.Length];
        for (int i = 0; i < half.Length; i++) up[2 * i] = half[i];
        var y = Convolve(up, Interp);
        // Checkerboard: a (-1)^n-modulated copy mirrors the band (f → 8 kHz − f) at -28..-18 dB.
        double image = Math.Pow(10, rng.Uniform(-28, -18) / 20);
        for (int i = 0; i < y.Length; i++) y[i] += (i % 2 == 0 ? image : -image) * y[i];
        return y;
    }
}
