using System.Diagnostics;

namespace Layerwise.Runtime;

/// <summary>
/// Wall-clock timing, the one definition behind the demo's timing.csv, the notebooks' truncation cost,
/// <c>layerwise bench</c> (with <c>Models.Ssl.ForwardTiming.Forward</c> as the pass) and the bf16 probe's median:
/// untimed warm-up calls first (allocator and kernel caches), then the timed ones.
/// </summary>
public static class Timing
{
    /// <summary>Seconds of each of <paramref name="repeats"/> calls of <paramref name="pass"/>, after <paramref name="warmup"/> untimed ones.</summary>
    public static double[] Repeat(Action pass, int warmup, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        for (int i = 0; i < warmup; i++)
            pass();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        return times;
    }

    /// <summary>Seconds of one call of <paramref name="action"/> per item, after one untimed call on the first item.</summary>
    public static double[] PerItem<T>(IReadOnlyList<T> items, Action<T> action)
    {
        if (items.Count == 0)
            throw new ArgumentException("no items to time", nameof(items));
        action(items[0]);
        return items.Select(item =>
        {
            var clock = Stopwatch.StartNew();
            action(item);
            return clock.Elapsed.TotalSeconds;
        }).ToArray();
    }

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
