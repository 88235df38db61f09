using System.Numerics;

namespace Layerwise.Dsp;

/// <summary>
/// A log-magnitude spectrogram for display: STFT as torch.stft with center=True, reflect padding, a periodic
/// Hann window of <c>winLength</c> samples zero-padded to <c>nFft</c> (centred), one-sided; then
/// dB = 10·log10(max(|X|², 1e-10)) and, with <c>topDb</c>, values below max − topDb clipped (as torchaudio's
/// AmplitudeToDB). <see cref="Db"/>[bin][frame]: rows are frequencies, columns frames.
/// </summary>
public sealed record Spectrogram(double[] Times, double[] Frequencies, double[][] Db)
{
    public static Spectrogram Compute(ReadOnlySpan<float> samples, int sampleRate, int nFft = 512, int hopLength = 160, int? winLength = null, double? topDb = 80)
    {
        int win = winLength ?? nFft;
        if (sampleRate <= 0 || nFft <= 1 || hopLength <= 0 || win <= 0 || win > nFft)
            throw new ArgumentException($"invalid STFT settings (sample rate {sampleRate}, n_fft {nFft}, hop {hopLength}, window {win})");
        int pad = nFft / 2;
        if (samples.Length <= pad)
            throw new ArgumentException($"signal of {samples.Length} samples is too short for n_fft {nFft} with reflect padding");
        // Reflect padding (no edge repeat), as torch's 'reflect'.
        var x = new double[samples.Length + 2 * pad];
        for (int i = 0; i < x.Length; i++)
        {
            int j = i - pad;
            if (j < 0) j = -j;
            else if (j >= samples.Length) j = 2 * (samples.Length - 1) - j;
            x[i] = samples[j];
        }
        var window = new double[nFft];
        int offset = (nFft - win) / 2;
        for (int i = 0; i < win; i++)
            window[offset + i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / win);
        int frames = 1 + (x.Length - nFft) / hopLength;
        int bins = nFft / 2 + 1;
        var power = new double[bins][];
        for (int b = 0; b < bins; b++)
            power[b] = new double[frames];
        var buffer = new Complex[nFft];
        for (int t = 0; t < frames; t++)
        {
            for (int i = 0; i < nFft; i++)
                buffer[i] = new Complex(x[t * hopLength + i] * window[i], 0);
            Fft.Transform(buffer);
            for (int b = 0; b < bins; b++)
            {
                double m = buffer[b].Magnitude;
                power[b][t] = m * m;
            }
        }
        var db = power.Select(row => row.Select(p => 10 * Math.Log10(Math.Max(p, 1e-10))).ToArray()).ToArray();
        if (topDb is double top)
        {
            double floor = db.Max(r => r.Max()) - top;
            foreach (var row in db)
                for (int i = 0; i < row.Length; i++)
                    row[i] = Math.Max(row[i], floor);
        }
        var times = Enumerable.Range(0, frames).Select(t => t * hopLength / (double)sampleRate).ToArray();
        var freqs = Enumerable.Range(0, bins).Select(b => b * sampleRate / (double)nFft).ToArray();
        return new Spectrogram(times, freqs, db);
    }
}
