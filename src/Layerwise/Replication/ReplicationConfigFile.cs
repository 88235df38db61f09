using System.Text.Json.Serialization;

namespace Layerwise.Replication;

// The JSON shape of a replication config, as written by users (replicate/paper.json). Everything but models and
// studies is optional and defaults to the paper's settings; ReplicationConfig resolves and validates it.

/// <summary>The whole file.</summary>
public sealed record ReplicationConfigFile
{
    [JsonPropertyName("models")] public List<ModelEntry>? Models { get; init; }
    [JsonPropertyName("backends")] public List<string>? Backends { get; init; }
    [JsonPropertyName("seeds")] public List<int>? Seeds { get; init; }
    [JsonPropertyName("training")] public TrainingEntry? Training { get; init; }
    [JsonPropertyName("studies")] public List<StudyEntry>? Studies { get; init; }

    /// <summary>Feature cache root (default: DIR/cache); relative paths are relative to the config file.</summary>
    [JsonPropertyName("cache")] public string? Cache { get; init; }

    /// <summary>auto | cpu | cuda (default cpu).</summary>
    [JsonPropertyName("device")] public string? Device { get; init; }

    /// <summary>Utterances per SSL forward during extraction (equal lengths only; default 8).</summary>
    [JsonPropertyName("extract_batch")] public int? ExtractBatch { get; init; }

    /// <summary>CPU intra-op threads for training and scoring (default: all cores). Fixed per config, so a cell gives
    /// the same bits whichever process (one-shot run, --cell, Slurm task) runs it.</summary>
    [JsonPropertyName("threads")] public int? Threads { get; init; }

    /// <summary>Free text kept with the config (ignored).</summary>
    [JsonPropertyName("comment")] public string? Comment { get; init; }
}

/// <summary>One SSL model of the matrix.</summary>
public sealed record ModelEntry
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>A model folder, a Hugging Face repo id, or a preset name (with random_weights).</summary>
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("family")] public string? Family { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("n_layers")] public List<int>? NumLayers { get; init; }
    [JsonPropertyName("random_weights")] public bool RandomWeights { get; init; }
}

/// <summary>Training settings shared by every cell (the paper's defaults).</summary>
public sealed record TrainingEntry
{
    [JsonPropertyName("epochs")] public int? Epochs { get; init; }
    [JsonPropertyName("patience")] public int? Patience { get; init; }
    [JsonPropertyName("batch_size")] public int? BatchSize { get; init; }
    [JsonPropertyName("learning_rate")] public double? LearningRate { get; init; }
    [JsonPropertyName("weight_decay")] public double? WeightDecay { get; init; }
}

/// <summary>One training set and the columns its models are evaluated on.</summary>
public sealed record StudyEntry
{
    /// <summary>Study id in cell ids (default: the training dataset id).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("train")] public TrainEntry? Train { get; init; }
    [JsonPropertyName("eval")] public List<EvalEntry>? Eval { get; init; }
}

public sealed record TrainEntry
{
    [JsonPropertyName("dataset")] public string? Dataset { get; init; }
    [JsonPropertyName("root")] public string? Root { get; init; }
    [JsonPropertyName("train_split")] public string? TrainSplit { get; init; }
    [JsonPropertyName("dev_split")] public string? DevSplit { get; init; }
    /// <summary>Scenario name (class weights, input policy); default from the dataset.</summary>
    [JsonPropertyName("scenario")] public string? Scenario { get; init; }
    /// <summary>PartialSpoof/HAD only: "padded-batch" (the paper's; default) or "per-utterance".</summary>
    [JsonPropertyName("full_length_mode")] public string? FullLengthMode { get; init; }
}

public sealed record EvalEntry
{
    [JsonPropertyName("column")] public string? Column { get; init; }
    [JsonPropertyName("dataset")] public string? Dataset { get; init; }
    [JsonPropertyName("root")] public string? Root { get; init; }
    [JsonPropertyName("split")] public string? Split { get; init; }
}
