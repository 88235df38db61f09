using System.Numerics;
using System.Runtime.InteropServices;

namespace Layerwise.Audio;

/// <summary>Band-limited rational resampling with a Kaiser-windowed sinc (polyphase). The low-pass sits at
/// <see cref="Rolloff"/> of the lower Nyquist rate, <see cref="ZeroCrossings"/> sinc lobes per side and
/// Kaiser β = <see cref="Beta"/> (≈ 99 dB stop-band), so downsampling suppresses content above the new Nyquist.
/// Output sample n sits at input time n·from/to; samples outside the input count as zero.</summary>
public static class Resampler
{
    public const int ZeroCrossings = 48;
    public const double Beta = 10.0;
    public const double Rolloff = 0.94;

    /// <summary>Above this many phases the phase is rounded to one of this many (timing error below 1/8192 sample).</summary>
    const int MaxPhases = 4096;

    public static float[] Resample(float[] x, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(to);
        if (from == to)
            return (float[])x.Clone();

        int g = (int)BigInteger.GreatestCommonDivisor(from, to);
        long up = to / g, down = from / g;
        long outLength = (x.LongLength * up + down - 1) / down;
        if (outLength > Array.MaxLength)
            throw new ArgumentException($"resampled length {outLength} is too large");

        // Cut-off in cycles per input sample; half-width of the kernel in input samples.
        double fc = 0.5 * Math.Min(1.0, (double)to / from) * Rolloff;
        double halfWidth = ZeroCrossings / (2 * fc);
        int k = (int)Math.Ceiling(halfWidth);
        int taps = 2 * k;
        int phases = (int)Math.Min(up, MaxPhases);
        var table = BuildTable(phases, taps, k, fc, halfWidth);

        var y = new float[outLength];
        int n = x.Length;
        ReadOnlySpan<float> xs = x;
        for (long m = 0; m < outLength; m++)
        {
            long num = m * down;
            long baseIndex = num / up;
            long rem = num % up;
            int phase = phases == up ? (int)rem : (int)Math.Min(phases - 1, (rem * phases + up / 2) / up);
            ReadOnlySpan<float> h = table.AsSpan(phase * taps, taps);
            long first = baseIndex - k + 1; // input index of tap 0
            if (first >= 0 && first + taps <= n)
            {
                y[m] = Dot(xs.Slice((int)first, taps), h);
            }
            else
            {
                float acc = 0;
                for (int j = 0; j < taps; j++)
                {
                    long idx = first + j;
                    if (idx >= 0 && idx < n)
                        acc += xs[(int)idx] * h[j];
                }
                y[m] = acc;
            }
        }
        return y;
    }

    /// <summary>table[p * taps + j] = h(d), d = p/phases + k - 1 - j: the weight of input sample (base - k + 1 + j).</summary>
    static float[] BuildTable(int phases, int taps, int k, double fc, double halfWidth)
    {
        var table = new float[phases * taps];
        double i0Beta = BesselI0(Beta);
        for (int p = 0; p < phases; p++)
        {
            double frac = (double)p / phases;
            for (int j = 0; j < taps; j++)
            {
                double d = frac + k - 1 - j;
                double u = d / halfWidth;
                if (Math.Abs(u) >= 1)
                    continue;
                double arg = 2 * fc * d;
                double sinc = arg == 0 ? 1 : Math.Sin(Math.PI * arg) / (Math.PI * arg);
                double window = BesselI0(Beta * Math.Sqrt(1 - u * u)) / i0Beta;
                table[p * taps + j] = (float)(2 * fc * sinc * window);
            }
        }
        return table;
    }

    static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int i = 1; i < 200 && term > sum * 1e-17; i++)
        {
            term *= q / ((double)i * i);
            sum += term;
        }
        return sum;
    }

    static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < va.Length; v++)
                acc += va[v] * vb[v];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
