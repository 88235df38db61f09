using System.Numerics;

namespace Layerwise.Dsp;

/// <summary>In-place forward DFT (e^{-2πikn/N}): iterative radix-2 for powers of two, a direct O(N²) sum otherwise.</summary>
internal static class Fft
{
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
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
                j ^= bit;
            j ^= bit;
            if (i < j)
                (a[i], a[j]) = (a[j], a[i]);
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            double angle = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len)
                for (int k = 0; k < len / 2; k++)
                {
                    // Twiddles computed directly (not by repeated multiplication) to keep rounding error flat.
                    var w = Complex.FromPolarCoordinates(1, angle * k);
                    var u = a[i + k];
                    var v = a[i + k + len / 2] * w;
                    a[i + k] = u + v;
                    a[i + k + len / 2] = u - v;
                }
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
