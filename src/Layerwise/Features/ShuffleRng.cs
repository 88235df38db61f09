namespace Layerwise.Features;

/// <summary>
/// The engine's own shuffling RNG (SplitMix64): the permutation of epoch e depends only on (seed, e), so a
/// run resumed at epoch e shuffles exactly as an uninterrupted one, and no RNG state must be saved.
/// </summary>
public static class ShuffleRng
{
    public static int[] Permutation(int count, int seed, int epoch)
    {
        ulong state = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch + 0xD1B54A32D192ED03UL);
        var order = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            state = Mix(state);
            int j = (int)(state % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The torch seed used for epoch <paramref name="epoch"/> (dropout masks), derived the same way.</summary>
    public static long TorchSeed(int seed, int epoch) => (long)(Mix((ulong)(uint)seed << 20 ^ (ulong)(uint)epoch) >> 2);

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
