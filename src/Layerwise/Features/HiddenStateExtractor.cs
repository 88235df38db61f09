using System.Diagnostics;
using Layerwise.Data;
using Layerwise.Models.Ssl;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>
/// Runs a frozen SSL front-end once per utterance and stores layers 1..L (fp16) in a <see cref="FeatureCache"/>.
/// Resumable: entries already in the cache are skipped, so rerunning after an interruption (Ctrl-C, SIGKILL,
/// a node lost) computes only what is missing. The SSL runs in inference mode without gradients.
/// </summary>
public static class HiddenStateExtractor
{
    /// <summary>Frames of the wav2vec2/HuBERT/WavLM CNN encoder for <paramref name="samples"/> samples
    /// (kernels 10,3,3,3,3,2,2; strides 5,2,2,2,2,2,2): 64,600 → 201.</summary>
    public static int Wav2Vec2Frames(long samples)
    {
        ReadOnlySpan<int> kernels = [10, 3, 3, 3, 3, 2, 2];
        ReadOnlySpan<int> strides = [5, 2, 2, 2, 2, 2, 2];
        long n = samples;
        for (int i = 0; i < kernels.Length; i++)
            n = n < kernels[i] ? 0 : (n - kernels[i]) / strides[i] + 1;
        return (int)n;
    }

    /// <summary>Bytes needed for <paramref name="utterances"/> (this shard only), given the frames each will have.</summary>
    public static ExtractionEstimate Estimate(FeatureCache cache, string dataset, IReadOnlyList<Utterance> utterances,
        Func<Utterance, int> framesOf, ShardSpec? shard = null)
    {
        var mine = (shard ?? ShardSpec.All).Select(utterances, u => u.Id);
        long total = 0, missing = 0;
        int missingCount = 0;
        foreach (var u in mine)
        {
            long bytes = FeatureEntryFile.FileBytes(cache.StoredLayers, framesOf(u), cache.HiddenSize, dataset, u.Id);
            total += bytes;
            if (!cache.Contains(dataset, u.Id))
            {
                missing += bytes;
                missingCount++;
            }
        }
        long free = -1;
        try { free = new DriveInfo(Path.GetFullPath(cache.Folder)).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { }
        long perEntry = mine.Count == 0 ? 0 : total / mine.Count;
        return new ExtractionEstimate(mine.Count, missingCount, perEntry, total, missing, free);
    }

    /// <summary>Extracts every missing entry of this shard. Cancellation (or any failure) stops between
    /// entries; whatever was written stays valid.</summary>
    public static ExtractionReport Extract(ISslFrontEnd ssl, FeatureCache cache, string dataset,
        IReadOnlyList<Utterance> utterances, WaveformLoader load, ExtractionOptions? options = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ExtractionOptions();
        if (ssl.NumLayers < cache.MaxLayers)
            throw new ArgumentException($"the SSL model has {ssl.NumLayers} layers; the cache key needs {cache.MaxLayers}");
        if (ssl.HiddenSize != cache.HiddenSize)
            throw new ArgumentException($"the SSL hidden size {ssl.HiddenSize} differs from the cache's {cache.HiddenSize}");
        var counting = CountingSslFrontEnd.Wrap(ssl);
        long callsBefore = counting.Calls;
        cache.CleanTemporaryFiles();

        var mine = (options.Shard ?? ShardSpec.All).Select(utterances, u => u.Id);
        var todo = mine.Where(u => !cache.Contains(dataset, u.Id)).ToList();
        int skipped = mine.Count - todo.Count;
        int computed = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        progress?.Report(new ExtractionProgress(dataset, skipped, mine.Count, 0, skipped, TimeSpan.Zero, null, null));

        int limit = options.MaxEntries ?? int.MaxValue;
        int batchSize = Math.Max(1, options.BatchSize);
        int i = 0;
        if (options.ByLength)
        {
            bool pad = PadsExactly(ssl);
            while (i < todo.Count && computed < limit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int take = Math.Min(batchSize * WindowBatches, Math.Min(todo.Count - i, limit - computed));
                var window = todo.Skip(i).Take(take).Select(u => (U: u, W: load(u))).OrderBy(p => p.W.Length).ToList();
                i += take;
                foreach (var batch in ByLength(window, batchSize, pad))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    bytes += ComputeAndStore(counting, cache, dataset, batch);
                    computed += batch.Count;
                    var elapsed = clock.Elapsed;
                    int remaining = Math.Min(todo.Count, limit) - computed;
                    progress?.Report(new ExtractionProgress(dataset, skipped + computed, mine.Count, computed, skipped, elapsed,
                        elapsed / computed * remaining, batch[^1].U.Id));
                }
            }
            return new ExtractionReport(dataset, utterances.Count, mine.Count, computed, skipped, counting.Calls - callsBefore, bytes, clock.Elapsed);
        }
        while (i < todo.Count && computed < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A batch: consecutive utterances whose waveforms have equal length.
            var batch = new List<(Utterance U, float[] W)> { (todo[i], load(todo[i])) };
            i++;
            while (batch.Count < batchSize && i < todo.Count && computed + batch.Count < limit)
            {
                var w = load(todo[i]);
                if (w.Length != batch[0].W.Length)
                    break;
                batch.Add((todo[i], w));
                i++;
            }
            bytes += ComputeAndStore(counting, cache, dataset, batch);
            computed += batch.Count;
            var elapsed = clock.Elapsed;
            int remaining = Math.Min(todo.Count, limit) - computed;
            TimeSpan? eta = computed > 0 ? elapsed / computed * remaining : null;
            progress?.Report(new ExtractionProgress(dataset, skipped + computed, mine.Count, computed, skipped, elapsed, eta, batch[^1].U.Id));
        }
        return new ExtractionReport(dataset, utterances.Count, mine.Count, computed, skipped, counting.Calls - callsBefore, bytes, clock.Elapsed);
    }

    /// <summary>With <see cref="ExtractionOptions.ByLength"/>, utterances loaded and sorted at a time, in batches.</summary>
    public const int WindowBatches = 4;

    /// <summary>A padded batch holds lengths within this ratio of its shortest (bounds the padding computed for nothing).</summary>
    public const double MaxPaddingRatio = 1.25;

    /// <summary>Batches of a window sorted by length: similar lengths (padded) where <paramref name="pad"/>, else equal ones.</summary>
    internal static IEnumerable<List<(Utterance U, float[] W)>> ByLength(List<(Utterance U, float[] W)> sorted, int batchSize, bool pad)
    {
        var batch = new List<(Utterance U, float[] W)>();
        foreach (var item in sorted)
        {
            bool fits = batch.Count == 0 || (batch.Count < batchSize &&
                (pad ? item.W.Length <= batch[0].W.Length * MaxPaddingRatio : item.W.Length == batch[0].W.Length));
            if (!fits)
            {
                yield return batch;
                batch = [];
            }
            batch.Add(item);
        }
        if (batch.Count > 0)
            yield return batch;
    }

    /// <summary>Whether the front-end (under any counting wrapper) gives padded items their unpadded result.</summary>
    static bool PadsExactly(ISslFrontEnd ssl) => ssl switch
    {
        CountingSslFrontEnd c => PadsExactly(c.Inner),
        SslFrontEnd f => f.PaddingIsExact,
        _ => false,
    };

    static long ComputeAndStore(ISslFrontEnd ssl, FeatureCache cache, string dataset, List<(Utterance U, float[] W)> batch)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        int samples = batch.Max(p => p.W.Length);
        bool padded = batch.Any(p => p.W.Length != samples);
        var flat = new float[batch.Count * (long)samples]; // zero-padded at the end of shorter items
        for (int b = 0; b < batch.Count; b++)
            batch[b].W.CopyTo(flat, b * (long)samples);
        var input = torch.tensor(flat, [batch.Count, samples]).to(ssl.Device);
        using var lengths = padded ? torch.tensor(batch.Select(p => (long)p.W.Length).ToArray()) : null;
        SslOutput forward;
        try { forward = ssl.Forward(input, lengths); }
        catch (SslInputException e)
        {
            var u = batch[0].U;
            throw new FeatureCacheException(u.AudioPath, $"utterance '{u.Id}': {e.Message}");
        }
        using var output = forward;
        int first = cache.Key.IncludeHidden0 ? 0 : 1;
        var layers = output.Hidden.Skip(first).Take(cache.StoredLayers).ToList();
        if (layers.Count != cache.StoredLayers)
            throw new InvalidOperationException($"the SSL returned {output.Hidden.Count} hidden states; {cache.StoredLayers + first} needed");
        var stacked = torch.stack(layers, dim: 1).to(torch.float32).cpu().contiguous(); // [B, L, T, C]
        int frames = (int)stacked.shape[2];
        var valid = output.FrameLengths?.data<long>().ToArray();
        long bytes = 0;
        for (int b = 0; b < batch.Count; b++)
        {
            int n = valid is null ? frames : (int)valid[b];
            // An item's valid frames only: what it gives alone.
            cache.Write(dataset, batch[b].U.Id, n == frames ? stacked[b] : stacked[b].narrow(1, 0, n));
            bytes += FeatureEntryFile.FileBytes(cache.StoredLayers, n, cache.HiddenSize, dataset, batch[b].U.Id);
        }
        return bytes;
    }
}
