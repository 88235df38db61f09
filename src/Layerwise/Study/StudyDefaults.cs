using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>The defaults every study shares, whichever side (CLI, notebooks, replication runner) assembles it.</summary>
public static class StudyDefaults
{
    /// <summary>What the waveform goes through before the SSL, as the feature-cache key names it.</summary>
    public const string Preprocessing = "mono;16k;raw-float;no-normalisation";

    /// <summary>Input length on the synthetic demo corpus (1 s), as <see cref="Scenario.Demo"/>.</summary>
    public const int DemoFixedLength = 16000;

    /// <summary>The paper's n_layers grid of a model size ("small" or "large").</summary>
    public static IReadOnlyList<int> PaperGrid(string size) => size switch
    {
        "small" => SweepSpec.SmallGrid,
        "large" => SweepSpec.LargeGrid,
        _ => throw new ArgumentException($"size must be 'small' or 'large' (got '{size}')", nameof(size)),
    };
}
