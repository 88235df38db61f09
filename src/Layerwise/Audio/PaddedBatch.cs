namespace Layerwise.Audio;

/// <summary>A zero-padded batch: <see cref="Data"/> is [B, maxLen]; <see cref="Lengths"/>[b] is clip b's true length.</summary>
public sealed record PaddedBatch(float[,] Data, int[] Lengths)
{
    public int BatchSize => Data.GetLength(0);
    public int MaxLength => Data.GetLength(1);
}
