using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// Wall-clock timing of forward passes, the one definition behind the demo's timing.csv, the notebooks' truncation
/// cost and <c>layerwise bench</c>: untimed warm-up calls first (allocator and kernel caches), then the timed ones;
/// each pass frees its outputs, and a CUDA pass is synchronised before the clock stops (kernels run asynchronously).
/// </summary>
public static class ForwardTiming
{
    /// <summary>One SSL forward pass of <paramref name="waveforms"/> [B, samples], without gradients, its outputs freed.</summary>
    public static void Forward(ISslFrontEnd ssl, Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var output = ssl.Forward(waveforms);
        if (waveforms.device.type == DeviceType.CUDA)
            cuda.synchronize();
    }

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
