using System.Globalization;

namespace Layerwise.Features;

/// <summary>
/// Shard k of n (1-based), as in <c>--shard k/n</c>. Membership is round-robin over the utterance ids
/// sorted ordinally, so every shard of the same protocol agrees on the split regardless of list order,
/// and shards differ in size by at most one entry. All shards write into the same cache folder (or into
/// copies merged afterwards with <see cref="FeatureCache.MergeFrom"/>).
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec All { get; } = new(1, 1);

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || k < 1 || k > n)
            throw new LayerwiseInputException($"--shard '{text}': expected k/n with 1 <= k <= n, e.g. 3/8");
        return new ShardSpec(k, n);
    }

    /// <summary>The ids of <paramref name="ids"/> that belong to this shard, in sorted order.</summary>
    public IReadOnlyList<T> Select<T>(IEnumerable<T> items, Func<T, string> id)
    {
        var sorted = items.OrderBy(id, StringComparer.Ordinal).ToList();
        if (Count == 1)
            return sorted;
        return sorted.Where((_, i) => i % Count == Index - 1).ToList();
    }

    public override string ToString() => $"{Index}/{Count}";
}
