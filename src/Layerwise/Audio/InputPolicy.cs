namespace Layerwise.Audio;

/// <summary>The paper's input policies (reference code: `pad` in the data feeder and `collate_fn_padd`).</summary>
public static class InputPolicy
{
    /// <summary>64,600 samples ≈ 4.04 s at 16 kHz: the fixed input length of all sets but PartialSpoof/HAD.</summary>
    public const int DefaultLength = 64600;

    /// <summary>The reference `pad`: the first <paramref name="length"/> samples if the clip is long enough,
    /// otherwise the clip tiled (repeated from its start) and cut to <paramref name="length"/>.</summary>
    public static float[] FixedLength(float[] x, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (x.Length == 0)
            throw new ArgumentException("cannot tile an empty clip to a fixed length", nameof(x));
        var y = new float[length];
        if (x.Length >= length)
        {
            Array.Copy(x, y, length);
            return y;
        }
        for (int start = 0; start < length; start += x.Length)
            Array.Copy(x, 0, y, start, Math.Min(x.Length, length - start));
        return y;
    }

    /// <summary>Full-length policy: clips zero-padded at the end to the longest in the batch.
    /// Returns [B, maxLen] and the true lengths (the reference passes no mask; the lengths are for those who want one).</summary>
    public static PaddedBatch PadBatch(IReadOnlyList<float[]> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
            throw new ArgumentException("empty batch", nameof(clips));
        int max = clips.Max(c => c.Length);
        var data = new float[clips.Count, max];
        var lengths = new int[clips.Count];
        for (int b = 0; b < clips.Count; b++)
        {
            var c = clips[b];
            lengths[b] = c.Length;
            for (int i = 0; i < c.Length; i++)
                data[b, i] = c[i];
        }
        return new PaddedBatch(data, lengths);
    }
}
