using Layerwise.Data.Demo;

namespace Layerwise.Pretraining;

/// <summary>
/// HuBERT's span masking (fairseq <c>compute_mask_indices</c>, static lengths, overlap allowed), for one sequence of
/// <c>frames</c> frames: ⌊p·T/L + u⌋ span starts (u uniform in [0, 1), at least <see cref="MinMasks"/>) drawn without
/// replacement from [0, T − L), each masking L frames. The HuBERT paper's p = 0.8, L = 10 mask about 57 % of the
/// frames (spans overlap).
/// </summary>
public sealed record SpanMask(double Probability = 0.8, int Length = 10, int MinMasks = 2)
{
    /// <summary>True where frame t is masked.</summary>
    public bool[] Draw(int frames, DemoRandom rng)
    {
        var mask = new bool[frames];
        int positions = frames - Length;
        if (positions <= 0)
            return mask;
        int count = Math.Max(MinMasks, (int)(Probability * frames / Length + rng.NextDouble()));
        count = Math.Min(count, positions);
        // Partial Fisher–Yates: the first `count` entries are a uniform sample without replacement.
        var starts = Enumerable.Range(0, positions).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.Next(positions - i);
            (starts[i], starts[j]) = (starts[j], starts[i]);
            for (int t = starts[i]; t < starts[i] + Length; t++)
                mask[t] = true;
        }
        return mask;
    }
}
