using Layerwise.Dsp;

namespace Layerwise.Pretraining;

/// <summary>
/// MFCCs with deltas, framed exactly like the SSL conv stack (25 ms window, 20 ms hop, no padding), so MFCC frame t
/// is the conv feature frame t of the same waveform: the k-means targets of HuBERT's first iteration.
/// Per frame: remove DC, pre-emphasis 0.97, Hamming window, |FFT 512|², 40 triangular HTK-mel filters over 0–8 kHz,
/// natural log (floor 1e-10), orthonormal DCT-II, 13 coefficients; then Δ and ΔΔ (regression over ±2 frames, edges
/// repeated): 39 values per frame.
/// </summary>
public static class Mfcc
{
    public const int Window = 400;
    public const int Hop = 320;
    public const int Coefficients = 13;
    public const int Dim = 3 * Coefficients;
    const int NFft = 512;
    const int Filters = 40;
    const double SampleRate = 16000;

    static readonly double[] Hamming = Enumerable.Range(0, Window).Select(n => 0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (Window - 1))).ToArray();
    static readonly double[][] Bank = MelBank();
    static readonly double[][] Dct = DctMatrix();

    /// <summary>Frames of a waveform: ⌊(S − 400) / 320⌋ + 1 (0 when shorter than one window), as the conv stack.</summary>
    public static int FrameCount(int samples) => samples < Window ? 0 : (samples - Window) / Hop + 1;

    /// <summary>[frames][39] for a 16 kHz waveform.</summary>
    public static double[][] Compute(ReadOnlySpan<float> samples)
    {
        int frames = FrameCount(samples.Length);
        var cep = new double[frames][];
        var re = new double[NFft];
        var im = new double[NFft];
        var frame = new double[Window];
        for (int t = 0; t < frames; t++)
        {
            var x = samples.Slice(t * Hop, Window);
            double mean = 0;
            for (int i = 0; i < Window; i++) mean += x[i];
            mean /= Window;
            for (int i = 0; i < Window; i++) frame[i] = x[i] - mean;
            for (int i = Window - 1; i > 0; i--) frame[i] -= 0.97 * frame[i - 1];
            frame[0] -= 0.97 * frame[0];
            Array.Clear(re);
            Array.Clear(im);
            for (int i = 0; i < Window; i++) re[i] = frame[i] * Hamming[i];
            Fft.Transform(re, im);
            var logMel = new double[Filters];
            for (int m = 0; m < Filters; m++)
            {
                double e = 0;
                var w = Bank[m];
                for (int k = 0; k < w.Length; k++)
                    if (w[k] != 0) e += w[k] * (re[k] * re[k] + im[k] * im[k]);
                logMel[m] = Math.Log(Math.Max(e, 1e-10));
            }
            var c = new double[Coefficients];
            for (int j = 0; j < Coefficients; j++)
            {
                double s = 0;
                for (int m = 0; m < Filters; m++) s += Dct[j][m] * logMel[m];
                c[j] = s;
            }
            cep[t] = c;
        }
        var d1 = Deltas(cep);
        var d2 = Deltas(d1);
        var result = new double[frames][];
        for (int t = 0; t < frames; t++)
            result[t] = [.. cep[t], .. d1[t], .. d2[t]];
        return result;
    }

    /// <summary>HTK regression deltas over ±2 frames: Σ n (c[t+n] − c[t−n]) / (2 Σ n²), edges repeated.</summary>
    static double[][] Deltas(double[][] c)
    {
        int n = c.Length;
        var d = new double[n][];
        for (int t = 0; t < n; t++)
        {
            int dim = c[t].Length;
            d[t] = new double[dim];
            for (int k = 1; k <= 2; k++)
            {
                var plus = c[Math.Min(n - 1, t + k)];
                var minus = c[Math.Max(0, t - k)];
                for (int j = 0; j < dim; j++) d[t][j] += k * (plus[j] - minus[j]);
            }
            for (int j = 0; j < dim; j++) d[t][j] /= 10.0;
        }
        return d;
    }

    static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);
    static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>Triangles on FFT bins 0..256, centres equally spaced in mel between 0 and 8 kHz.</summary>
    static double[][] MelBank()
    {
        double top = Mel(SampleRate / 2);
        var edges = Enumerable.Range(0, Filters + 2).Select(i => Hz(top * i / (Filters + 1))).ToArray();
        var bank = new double[Filters][];
        for (int m = 0; m < Filters; m++)
        {
            bank[m] = new double[NFft / 2 + 1];
            for (int k = 0; k <= NFft / 2; k++)
            {
                double f = k * SampleRate / NFft;
                double up = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double down = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                bank[m][k] = Math.Max(0, Math.Min(up, down));
            }
        }
        return bank;
    }

    static double[][] DctMatrix() => Enumerable.Range(0, Coefficients).Select(j =>
        Enumerable.Range(0, Filters).Select(m =>
            Math.Sqrt((j == 0 ? 1.0 : 2.0) / Filters) * Math.Cos(Math.PI * j * (m + 0.5) / Filters)).ToArray()).ToArray();
}
