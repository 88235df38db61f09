using System.Text.Json.Serialization;

namespace Layerwise.Training;

/// <summary>
/// Every training choice, defaulting to the paper's code (reference section 2.5): Adam lr 1e-4, weight decay
/// 1e-4 at a constant rate (the reference wraps Adam in a warm-up scheduler whose update is never called, so
/// there is no warm-up here either), batch 32, at most 50 epochs, early stopping after 10 epochs without a
/// lower dev loss, best checkpoint = lowest dev loss. Class weights come from the scenario unless set here.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Cross-entropy weights [spoof, bona fide]; null = the scenario's.</summary>
    [JsonPropertyName("class_weights")] public double[]? ClassWeights { get; init; }
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; } = 1e-4;
    [JsonPropertyName("weight_decay")] public double WeightDecay { get; init; } = 1e-4;
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 32;
    [JsonPropertyName("eval_batch_size")] public int EvalBatchSize { get; init; } = 32;
    [JsonPropertyName("max_epochs")] public int MaxEpochs { get; init; } = 50;
    [JsonPropertyName("patience")] public int Patience { get; init; } = 10;
    [JsonPropertyName("seed")] public int Seed { get; init; } = 1;

    /// <summary>Shuffle the training set every epoch (own RNG, seeded from <see cref="Seed"/> and the epoch).
    /// The reference shuffles only when CUDA is used.</summary>
    [JsonPropertyName("shuffle")] public bool Shuffle { get; init; } = true;

    /// <summary>Keep one checkpoint per epoch (the reference does); otherwise only the last and the best.</summary>
    [JsonPropertyName("keep_epoch_checkpoints")] public bool KeepEpochCheckpoints { get; init; } = true;

    /// <summary>auto | cpu | cuda. Determinism (same seed → same scores) is guaranteed on the CPU.</summary>
    [JsonPropertyName("device")] public string Device { get; init; } = "cpu";

    /// <summary>Stop after this many training batches per epoch (quick smoke runs); null = all.</summary>
    [JsonPropertyName("max_batches_per_epoch")] public int? MaxBatchesPerEpoch { get; init; }
}
