using Layerwise.Dsp;

namespace Layerwise.Data.Demo;

/// <summary>Small DSP kit for the demo corpus: Hann-windowed STFT/ISTFT (over <see cref="Dsp.Fft"/>), an HTK mel filterbank,
/// LPC by Levinson–Durbin and Klatt resonators. Doubles throughout; kept simple and fast, not general.</summary>
internal static class DemoDsp
{
    public static double[] Hann(int n)
    {
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n); // periodic
        return w;
    }

    /// <summary>Complex STFT, frames centred at t*hop (signal zero-padded by nfft/2 each side).
    /// Returns [frame][bin] real and imaginary parts for bins 0..nfft/2.</summary>
    public static (double[][] Re, double[][] Im) Stft(double[] x, int nfft, int hop)
    {
        int frames = x.Length / hop + 1, bins = nfft / 2 + 1, pad = nfft / 2;
        var w = Hann(nfft);
        var outRe = new double[frames][];
        var outIm = new double[frames][];
        var re = new double[nfft];
        var im = new double[nfft];
        for (int t = 0; t < frames; t++)
        {
            int start = t * hop - pad;
            for (int i = 0; i < nfft; i++)
            {
                int k = start + i;
                re[i] = k >= 0 && k < x.Length ? x[k] * w[i] : 0;
                im[i] = 0;
            }
            Fft.Transform(re, im);
            outRe[t] = re[..bins];
            outIm[t] = im[..bins];
        }
        return (outRe, outIm);
    }

    /// <summary>Weighted overlap-add inverse of <see cref="Stft"/> (Hann synthesis window, squared-window normalisation).</summary>
    public static double[] Istft(double[][] specRe, double[][] specIm, int nfft, int hop, int length)
    {
        int pad = nfft / 2, bins = nfft / 2 + 1;
        var w = Hann(nfft);
        var y = new double[length + nfft];
        var norm = new double[length + nfft];
        var re = new double[nfft];
        var im = new double[nfft];
        for (int t = 0; t < specRe.Length; t++)
        {
            for (int k = 0; k < bins; k++)
            {
                re[k] = specRe[t][k];
                im[k] = specIm[t][k];
            }
            for (int k = bins; k < nfft; k++)
            {
                re[k] = re[nfft - k];
                im[k] = -im[nfft - k];
            }
            Fft.Transform(re, im, inverse: true);
            int start = t * hop - pad;
            for (int i = 0; i < nfft; i++)
            {
                int k = start + i + pad; // shifted by pad so negative indexes stay in range
                if (k < 0 || k >= y.Length) continue;
                y[k] += re[i] / nfft * w[i];
                norm[k] += w[i] * w[i];
            }
        }
        var result = new double[length];
        for (int i = 0; i < length; i++)
        {
            double n = norm[i + pad];
            result[i] = n > 1e-8 ? y[i + pad] / n : 0;
        }
        return result;
    }

    /// <summary>Triangular HTK mel filterbank [mel][bin] over 0..sampleRate/2.</summary>
    public static double[][] MelFilterbank(int mels, int nfft, int sampleRate)
    {
        int bins = nfft / 2 + 1;
        static double ToMel(double f) => 2595 * Math.Log10(1 + f / 700);
        static double FromMel(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        double melMax = ToMel(sampleRate / 2.0);
        var edges = new double[mels + 2];
        for (int i = 0; i < edges.Length; i++) edges[i] = FromMel(melMax * i / (mels + 1));
        var fb = new double[mels][];
        for (int m = 0; m < mels; m++)
        {
            fb[m] = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * sampleRate / nfft;
                double up = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double down = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                fb[m][k] = Math.Max(0, Math.Min(up, down));
            }
        }
        return fb;
    }

    /// <summary>LPC coefficients a[1..order] (prediction x[n] ≈ Σ a[k] x[n-k]) by Levinson–Durbin on
    /// autocorrelation r[0..order]; returns the prediction error power too.</summary>
    public static (double[] A, double Error) Levinson(double[] r, int order)
    {
        var a = new double[order + 1];
        var tmp = new double[order + 1];
        double err = r[0] * (1 + 1e-9) + 1e-12; // white-noise correction keeps it stable on silence
        for (int i = 1; i <= order; i++)
        {
            double acc = r[i];
            for (int j = 1; j < i; j++) acc -= a[j] * r[i - j];
            double k = acc / err;
            Array.Copy(a, tmp, order + 1);
            a[i] = k;
            for (int j = 1; j < i; j++) a[j] = tmp[j] - k * tmp[i - j];
            err *= 1 - k * k;
            if (err <= 1e-15) { err = 1e-15; break; }
        }
        return (a, err);
    }

    /// <summary>Zero-phase one-pole smoothing (forward then backward): the coarticulation/glide filter.</summary>
    public static void SmoothInPlace(double[] x, double alpha)
    {
        if (x.Length == 0) return;
        double s = x[0];
        for (int i = 0; i < x.Length; i++) x[i] = s = s + alpha * (x[i] - s);
        s = x[^1];
        for (int i = x.Length - 1; i >= 0; i--) x[i] = s = s + alpha * (x[i] - s);
    }
}

/// <summary>Klatt's two-pole resonator y = A x + B y1 + C y2 (unity gain at DC), retunable per sample block.</summary>
internal struct Resonator
{
    double _a, _b, _c, _y1, _y2;

    public void Set(double frequency, double bandwidth, int sampleRate)
    {
        double r = Math.Exp(-Math.PI * bandwidth / sampleRate);
        _c = -r * r;
        _b = 2 * r * Math.Cos(2 * Math.PI * frequency / sampleRate);
        _a = 1 - _b - _c;
    }

    /// <summary>Sets the resonator and rescales it to unit gain at its centre frequency (a band-pass for noise).</summary>
    public void SetBandPass(double frequency, double bandwidth, int sampleRate)
    {
        Set(frequency, bandwidth, sampleRate);
        double w = 2 * Math.PI * frequency / sampleRate;
        double re = 1 - _b * Math.Cos(w) - _c * Math.Cos(2 * w);
        double im = _b * Math.Sin(w) + _c * Math.Sin(2 * w);
        _a = Math.Sqrt(re * re + im * im);
    }

    public double Step(double x)
    {
        double y = _a * x + _b * _y1 + _c * _y2;
        _y2 = _y1;
        _y1 = y;
        return y;
    }
}
