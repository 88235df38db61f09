using Layerwise.Data;

namespace Layerwise.Features;

/// <summary>Loads an utterance's waveform as the SSL sees it: mono, 16 kHz, float in ±1, after the
/// scenario's input policy (e.g. head crop / tile to 64,600 samples).</summary>
public delegate float[] WaveformLoader(Utterance utterance);

/// <summary>Options of <see cref="HiddenStateExtractor.Extract"/>.</summary>
/// <param name="BatchSize">Utterances per SSL forward; only equal-length waveforms are batched (no padding
/// enters the cache).</param>
/// <param name="Shard">Which part of the list this process extracts.</param>
/// <param name="MaxEntries">Stop after computing this many entries (for tests and partial runs); null = all.</param>
/// <param name="ByLength">Batch by length: sort <see cref="HiddenStateExtractor.WindowBatches"/> batches' worth of
/// utterances at a time by length and zero-pad similar lengths into one forward, where padding is exact (a front-end whose
/// conv stack has no statistics over time, <see cref="Models.Ssl.SslFrontEnd.PaddingIsExact"/>: each item's valid
/// frames equal its run alone); other front-ends still batch equal lengths only.</param>
public sealed record ExtractionOptions(int BatchSize = 1, ShardSpec? Shard = null, int? MaxEntries = null, bool ByLength = false)
{
    /// <summary>Utterances per forward when the user names none (<c>extract</c>, the replication): 1 on the CPU, where
    /// batching 4 s crops was 0.78–1.04× the throughput of one at a time on three 2-core CPUs (Zen 5 class 0.78–0.92×:
    /// the batch's activations outgrow the caches; benchmarks/README.md, "Dataset-scale extraction"); 8 elsewhere (a GPU
    /// needs batches to fill it).</summary>
    public static int DefaultBatchSize(TorchSharp.torch.Device device) => device.type == TorchSharp.DeviceType.CPU ? 1 : 8;
}

/// <summary>Progress of an extraction, reported after every batch.</summary>
public sealed record ExtractionProgress(
    string Dataset, int Done, int Total, int Computed, int Skipped, TimeSpan Elapsed, TimeSpan? Eta, string? Current)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}

/// <summary>What an extraction did. <see cref="Computed"/> counts SSL-computed entries, <see cref="Skipped"/>
/// entries already present.</summary>
public sealed record ExtractionReport(
    string Dataset, int Total, int InShard, int Computed, int Skipped, long SslForwardPasses, long BytesWritten, TimeSpan Elapsed);

/// <summary>Disk needed before starting.</summary>
public sealed record ExtractionEstimate(int Entries, int Missing, long BytesPerEntry, long TotalBytes, long MissingBytes, long FreeBytes)
{
    public bool FitsOnDisk => FreeBytes < 0 || MissingBytes < FreeBytes;
}
