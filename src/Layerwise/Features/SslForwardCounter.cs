using Layerwise.Models.Ssl;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>
/// Process-wide count of SSL forward passes made through <see cref="CountingSslFrontEnd"/>. Every SSL
/// the engine runs (extraction, cache-less training, single-file scoring) is wrapped, and each run log
/// records the count before and after training: a delta of 0 proves training read only cached features.
/// </summary>
public static class SslForwardCounter
{
    static long batches;
    static long utterances;

    /// <summary>Forward calls (batches).</summary>
    public static long Batches => Interlocked.Read(ref batches);

    /// <summary>Utterances pushed through the SSL.</summary>
    public static long Utterances => Interlocked.Read(ref utterances);

    internal static void Add(long batchItems)
    {
        Interlocked.Increment(ref batches);
        Interlocked.Add(ref utterances, batchItems);
    }
}

/// <summary>Decorator that counts forward passes in <see cref="SslForwardCounter"/> (and its own <see cref="Calls"/>).</summary>
public sealed class CountingSslFrontEnd(ISslFrontEnd inner) : ISslFrontEnd
{
    long calls;

    public ISslFrontEnd Inner { get; } = inner;
    public long Calls => Interlocked.Read(ref calls);
    public int NumLayers => Inner.NumLayers;
    public int HiddenSize => Inner.HiddenSize;
    public long ParameterCount => Inner.ParameterCount;
    public torch.Device Device => Inner.Device;

    public SslOutput Forward(torch.Tensor waveforms, torch.Tensor? lengths = null)
    {
        Interlocked.Increment(ref calls);
        SslForwardCounter.Add(waveforms.shape[0]);
        return Inner.Forward(waveforms, lengths);
    }

    /// <summary>Wraps unless already wrapped.</summary>
    public static CountingSslFrontEnd Wrap(ISslFrontEnd ssl) => ssl as CountingSslFrontEnd ?? new CountingSslFrontEnd(ssl);

    public void Dispose() => Inner.Dispose();
}
