using System.Text.Json.Serialization;

namespace Layerwise.Training;

/// <summary>One epoch of training as logged (and kept in checkpoints/state.json).</summary>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("dev_loss")] double DevLoss,
    [property: JsonPropertyName("dev_eer_percent")] double? DevEerPercent,
    [property: JsonPropertyName("raw_layer_weights")] double[] RawLayerWeights,
    [property: JsonPropertyName("softmax_layer_weights")] double[] SoftmaxLayerWeights,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("ssl_forward_passes")] long SslForwardPasses,
    [property: JsonPropertyName("improved")] bool Improved);

/// <summary>Resume point of a run, written atomically after each epoch's checkpoint files.</summary>
public sealed record TrainingState(
    [property: JsonPropertyName("epochs_completed")] int EpochsCompleted,
    [property: JsonPropertyName("best_dev_loss")] double BestDevLoss,
    [property: JsonPropertyName("best_epoch")] int BestEpoch,
    [property: JsonPropertyName("epochs_without_improvement")] int EpochsWithoutImprovement,
    [property: JsonPropertyName("finished")] bool Finished,
    [property: JsonPropertyName("stop_reason")] string? StopReason,
    [property: JsonPropertyName("history")] IReadOnlyList<EpochRecord> History)
{
    public static TrainingState Fresh { get; } = new(0, double.PositiveInfinity, 0, 0, false, null, []);
}
