using System.Text.Json.Serialization;
using Layerwise.Features;
using Layerwise.Models.Backends;

namespace Layerwise.Training;

/// <summary>The SSL front-end a run's features came from.</summary>
public sealed record SslModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("random_weights")] bool RandomWeights,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("hidden_size")] int HiddenSize);

/// <summary>What one run trains: back-end, depth, scenario (class weights, input policy) and training options (incl. seed).</summary>
public sealed record RunSpec(
    [property: JsonPropertyName("backend")] BackendKind Backend,
    [property: JsonPropertyName("n_layers")] int NumLayers,
    [property: JsonPropertyName("scenario")] Scenario Scenario,
    [property: JsonPropertyName("training")] TrainingOptions Training)
{
    [JsonIgnore] public int Seed => Training.Seed;

    /// <summary>Which of layers 1..<see cref="NumLayers"/> feed the back-end (ascending, distinct); null = all of them.
    /// Single-layer probes ([k]) and leave-one-out runs use it; absent from config.json when null, so earlier run
    /// directories keep their fingerprint.</summary>
    [JsonPropertyName("layers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>The layers the back-end sees, in order: <see cref="Layers"/>, else 1..<see cref="NumLayers"/>.</summary>
    [JsonIgnore] public IReadOnlyList<int> BackendLayers => Layers ?? Enumerable.Range(1, NumLayers).ToArray();

    /// <summary>The class weights in force: the options' override, else the scenario's.</summary>
    [JsonIgnore] public double[] ClassWeights => Training.ClassWeights ?? [Scenario.SpoofWeight, Scenario.BonafideWeight];

    /// <summary>Folder name used by sweeps, e.g. "ffn_n4_seed1", or "ffn_n12_layers1-3,5-12_seed1" with a layer selection.</summary>
    [JsonIgnore] public string Name => Layers is null
        ? $"{Backend.ToString().ToLowerInvariant()}_n{NumLayers}_seed{Seed}"
        : $"{Backend.ToString().ToLowerInvariant()}_n{NumLayers}_layers{LayerSelection.Compact(Layers)}_seed{Seed}";
}

/// <summary>A feature set as recorded in config.json.</summary>
public sealed record SetInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("utterances")] int Utterances,
    [property: JsonPropertyName("features")] string Features);

/// <summary>config.json: enough to reproduce the run (spec, effective class weights, data, features, model, engine notes).</summary>
public sealed record RunConfig(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("spec")] RunSpec Spec,
    [property: JsonPropertyName("class_weights")] double[] ClassWeights,
    [property: JsonPropertyName("hidden_size")] int HiddenSize,
    [property: JsonPropertyName("train")] SetInfo Train,
    [property: JsonPropertyName("dev")] SetInfo Dev,
    [property: JsonPropertyName("eval")] IReadOnlyList<SetInfo> Eval,
    [property: JsonPropertyName("ssl_model")] SslModelInfo? SslModel,
    [property: JsonPropertyName("feature_cache_key")] FeatureCacheKey? CacheKey,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes)
{
    public const string CurrentFormat = "layerwise-run/1";

    public static IReadOnlyList<string> StandardNotes { get; } =
    [
        "SSL features computed once in eval mode (dropout/layerdrop off); the reference keeps the SSL in train mode (deviation, see reference 2.2)",
        "Adam at a constant learning rate: the reference's ScheduledOptim warm-up wrapper never calls update_learning_rate, so no warm-up",
        "score = bona fide logit (index 1); best checkpoint = lowest dev loss; early stopping on dev loss",
        "per-epoch torch reseed and shuffle from (seed, epoch): resumed runs equal uninterrupted ones",
    ];
}

/// <summary>metrics.json.</summary>
public sealed record RunMetrics(
    [property: JsonPropertyName("eer_definition")] string EerDefinition,
    [property: JsonPropertyName("best_epoch")] int BestEpoch,
    [property: JsonPropertyName("epochs_trained")] int EpochsTrained,
    [property: JsonPropertyName("stop_reason")] string? StopReason,
    [property: JsonPropertyName("best_dev_loss")] double BestDevLoss,
    [property: JsonPropertyName("dev")] SetMetrics Dev,
    [property: JsonPropertyName("eval")] IReadOnlyList<SetMetrics> Eval,
    [property: JsonPropertyName("decision_threshold")] double DecisionThreshold,
    [property: JsonPropertyName("softmax_layer_weights")] double[] SoftmaxLayerWeights,
    [property: JsonPropertyName("raw_layer_weights")] double[] RawLayerWeights,
    [property: JsonPropertyName("ssl_forward_passes_during_training")] long SslForwardPassesDuringTraining,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds,
    [property: JsonPropertyName("backend_ms_per_utterance")] double BackendMsPerUtterance,
    [property: JsonPropertyName("trainable_parameters")] long TrainableParameters);

/// <summary>What <see cref="StudyRun.Execute"/> returns.</summary>
public sealed record RunOutcome(RunDirectory Directory, RunConfig Config, RunMetrics Metrics, bool Reused);
