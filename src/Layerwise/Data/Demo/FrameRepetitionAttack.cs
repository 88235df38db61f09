namespace Layerwise.Data.Demo;

/// <summary>A05: overlap-add frame repetition: 30 ms Hann frames re-assembled with some frames repeated and
/// others dropped, with no phase alignment (naive OLA time-warping, as in concatenative/unit-selection joins).
/// Artifacts: periodic phase discontinuities and comb-filtering in voiced parts; the long-term spectrum is intact.</summary>
internal sealed class FrameRepetitionAttack : DemoAttack
{
    const int Frame = 480, Hop = 240;

    public override string Name => "ola-frame-repetition";

    public override string Description => "overlap-add of 30 ms frames with random repeats and drops, no phase alignment";

    public override double[] Apply(DemoSignal signal, DemoRandom rng)
    {
        var x = signal.Samples;
        int n = x.Length;
        var w = DemoDsp.Hann(Frame);
        var y = new double[n + Frame];
        var norm = new double[n + Frame];
        double src = 0;
        for (int outPos = 0; outPos < n; outPos += Hop)
        {
            int s0 = (int)src;
            for (int i = 0; i < Frame; i++)
            {
                int k = s0 - Frame / 2 + i, o = outPos - Frame / 2 + i;
                if (o < 0 || o >= y.Length) continue;
                double v = k >= 0 && k < n ? x[k] : 0;
                y[o] += v * w[i];
                norm[o] += w[i];
            }
            double u = rng.NextDouble();
            double jitter = rng.Uniform(-40, 40); // the analysis position wanders: joins never line up with pitch periods
            src += (u < 0.22 ? 0 : u < 0.42 ? 2 * Hop : Hop) + jitter;
            src = Math.Clamp(src, 0, n - 1);
        }
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = norm[i] > 1e-6 ? y[i] / norm[i] : 0;
        return result;
    }
}
