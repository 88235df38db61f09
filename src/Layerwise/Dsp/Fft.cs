using System.Numerics;

namespace Layerwise.Dsp;

/// <summary>The project's FFT. Forward transform e^{-2πikn/N}: iterative radix-2 over split real/imaginary arrays for
/// powers of two (twiddles from one cached table per size, computed directly rather than by repeated multiplication,
/// so rounding error stays flat); a direct O(N²) sum for other sizes. Used by the spectrogram, the MFCCs of
/// pretraining and the demo corpus's synthesis and attacks.</summary>
internal static class Fft
{
    /// <summary>In place over split arrays (n a power of two); <paramref name="inverse"/> gives the unscaled inverse.</summary>
    public static void Transform(double[] re, double[] im, bool inverse = false)
    {
        int n = re.Length;
        if (im.Length != n || (n & (n - 1)) != 0)
            throw new ArgumentException($"split FFT needs two arrays of one power-of-two length (got {re.Length} and {im.Length})");
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        var (cos, sin) = Twiddles(n);
        for (int len = 2; len <= n; len <<= 1)
        {
            int half = len >> 1, step = n / len;
            for (int start = 0; start < n; start += len)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = cos[k * step], wi = inverse ? sin[k * step] : -sin[k * step];
                    int a = start + k, b = a + half;
                    double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
            }
        }
    }

    /// <summary>In place over complex values of any length (radix-2 when a power of two, else the direct sum).</summary>
    public static void Transform(Complex[] a)
    {
        int n = a.Length;
        if (n <= 1)
            return;
        if ((n & (n - 1)) != 0)
        {
            Direct(a);
            return;
        }
        var re = new double[n];
        var im = new double[n];
        for (int i = 0; i < n; i++)
        {
            re[i] = a[i].Real;
            im[i] = a[i].Imaginary;
        }
        Transform(re, im);
        for (int i = 0; i < n; i++)
            a[i] = new Complex(re[i], im[i]);
    }

    static readonly Dictionary<int, (double[] Cos, double[] Sin)> TwiddleCache = new();

    /// <summary>cos and sin of 2πk/n for k &lt; n/2, one table per size, shared by all threads.</summary>
    static (double[] Cos, double[] Sin) Twiddles(int n)
    {
        lock (TwiddleCache)
        {
            if (!TwiddleCache.TryGetValue(n, out var t))
            {
                var c = new double[n / 2];
                var s = new double[n / 2];
                for (int k = 0; k < n / 2; k++)
                {
                    c[k] = Math.Cos(2 * Math.PI * k / n);
                    s[k] = Math.Sin(2 * Math.PI * k / n);
                }
                t = (c, s);
                TwiddleCache[n] = t;
            }
            return t;
        }
    }

    static void Direct(Complex[] a)
    {
        int n = a.Length;
        var result = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            Complex sum = 0;
            for (int t = 0; t < n; t++)
                sum += a[t] * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((long)k * t % n) / n);
            result[k] = sum;
        }
        result.CopyTo(a, 0);
    }
}
