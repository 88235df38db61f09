using System.Diagnostics;
using Layerwise.Data;
using Layerwise.Models.Ssl;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>
/// The paper's full-length mode for PartialSpoof and HAD: whole waveforms are zero-padded to the longest in a batch
/// of 32 and the SSL runs on the padded batch without a mask (reference 2.5, collate_fn_padd), so an utterance's
/// features include its batch's padding frames and depend on the batch's composition. The batches are drawn
/// deterministically from a seed (a fixed permutation of each split, cut into 32s), and
/// <see cref="FeatureCacheKey.Batching"/>, which names the seed, records it in the cache key. The per-utterance mode (<see cref="HiddenStateExtractor"/> with the
/// "full" policy) stays available as a named option.
/// </summary>
public static class PaddedBatchExtraction
{
    public const int BatchSize = 32;

    /// <summary>The cache key's batching string for batches drawn with <paramref name="seed"/>.</summary>
    public static string Batching(int seed) => $"padded-batch:{BatchSize}:no-mask:seed={seed}";

    /// <summary>The batches of one split: a permutation seeded by <paramref name="seed"/>, cut into batches of 32.</summary>
    public static IReadOnlyList<IReadOnlyList<Utterance>> Batches(IReadOnlyList<Utterance> utterances, int seed)
    {
        // Epoch -1 keeps these draws apart from the trainer's per-epoch shuffles of the same seed.
        var order = ShuffleRng.Permutation(utterances.Count, seed, -1);
        var batches = new List<IReadOnlyList<Utterance>>();
        for (int i = 0; i < order.Length; i += BatchSize)
            batches.Add(order[i..Math.Min(order.Length, i + BatchSize)].Select(k => utterances[k]).ToList());
        return batches;
    }

    /// <summary>Extracts every batch with a missing entry (the whole batch is recomputed, only missing entries are
    /// written, so a killed run resumes to the same features).</summary>
    public static ExtractionReport Extract(ISslFrontEnd ssl, FeatureCache cache, string dataset, IReadOnlyList<Utterance> utterances,
        WaveformLoader load, int seed, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (cache.Key.Batching != Batching(seed))
            throw new ArgumentException($"the cache's batching is '{cache.Key.Batching}', not '{Batching(seed)}'");
        if (ssl.NumLayers < cache.MaxLayers || ssl.HiddenSize != cache.HiddenSize)
            throw new ArgumentException($"the SSL ({ssl.NumLayers} layers, {ssl.HiddenSize} wide) does not fit the cache ({cache.MaxLayers}, {cache.HiddenSize})");
        var counting = CountingSslFrontEnd.Wrap(ssl);
        long callsBefore = counting.Calls;
        cache.CleanTemporaryFiles();
        var clock = Stopwatch.StartNew();
        int computed = 0, skipped = 0;
        long bytes = 0;
        foreach (var batch in Batches(utterances, seed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var missing = batch.Where(u => !cache.Contains(dataset, u.Id)).ToList();
            skipped += batch.Count - missing.Count;
            if (missing.Count == 0)
                continue;
            var waves = batch.Select(u => load(u)).ToList();
            int samples = waves.Max(w => w.Length);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var flat = new float[batch.Count * samples]; // zero padding at the end of each waveform, no mask
            for (int b = 0; b < batch.Count; b++)
                waves[b].CopyTo(flat, b * samples);
            using var output = counting.Forward(torch.tensor(flat, [batch.Count, samples]).to(ssl.Device));
            int first = cache.Key.IncludeHidden0 ? 0 : 1;
            var stacked = torch.stack(output.Hidden.Skip(first).Take(cache.StoredLayers).ToList(), dim: 1).to(torch.float32).cpu().contiguous();
            int frames = (int)stacked.shape[2];
            for (int b = 0; b < batch.Count; b++)
            {
                if (cache.Contains(dataset, batch[b].Id))
                    continue;
                cache.Write(dataset, batch[b].Id, stacked[b]);
                bytes += FeatureEntryFile.FileBytes(cache.StoredLayers, frames, cache.HiddenSize, dataset, batch[b].Id);
                computed++;
            }
            progress?.Report(new ExtractionProgress(dataset, computed + skipped, utterances.Count, computed, skipped, clock.Elapsed, null, batch[^1].Id));
        }
        return new ExtractionReport(dataset, utterances.Count, utterances.Count, computed, skipped, counting.Calls - callsBefore, bytes, clock.Elapsed);
    }
}
