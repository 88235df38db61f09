using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// Which probes to train: kinds × k × back-ends × seeds over a model with <paramref name="NumLayers"/> cached layers,
/// plus (optionally) the linear logistic probe of every layer. Every trained probe is an ordinary sweep run
/// (<see cref="SweepSpec"/> with a layer selection), so it shares the trainer, the run-directory layout and the reuse
/// of finished runs with <c>layerwise sweep</c>; cumulative probes are exactly the sweep's n_layers runs.
/// </summary>
public sealed record ProbePlan(
    string ModelFamily,
    string ModelSize,
    int NumLayers,
    IReadOnlyList<ProbeKind> Kinds,
    IReadOnlyList<BackendKind> Backends,
    IReadOnlyList<int> Seeds,
    Scenario Scenario,
    TrainingOptions Training)
{
    /// <summary>The probe indices k; null = 1..NumLayers.</summary>
    public IReadOnlyList<int>? Ks { get; init; }

    /// <summary>Also fit the linear logistic probe on each layer's pooled features (no seed, no epochs).</summary>
    public bool Linear { get; init; } = true;

    /// <summary>L2 strength of the linear probe (scikit-learn's C: larger = weaker regularisation).</summary>
    public double LinearC { get; init; } = 1.0;

    public IReadOnlyList<int> ProbeIndices => Ks ?? Enumerable.Range(1, NumLayers).ToArray();

    /// <summary>The layers a probe's back-end sees: (n_layers of the run, selection or null for 1..n).</summary>
    public static (int Depth, IReadOnlyList<int>? Layers) Selection(ProbeKind kind, int k, int numLayers)
    {
        if (k < 1 || k > numLayers)
            throw new LayerwiseInputException($"probe layer {k} is outside 1..{numLayers}");
        return kind switch
        {
            ProbeKind.Single => (k, [k]),
            ProbeKind.Cumulative => (k, null),
            ProbeKind.LeaveOneOut when numLayers < 2 => throw new LayerwiseInputException("leave-one-out probes need at least 2 layers"),
            ProbeKind.LeaveOneOut => (numLayers, Enumerable.Range(1, numLayers).Where(l => l != k).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown probe kind"),
        };
    }

    /// <summary>One sweep per (kind, k): n_layers = [depth], every back-end and seed, restricted to the selection.</summary>
    public IEnumerable<(ProbeKind Kind, int K, SweepSpec Sweep)> Sweeps()
    {
        foreach (var kind in Kinds)
        {
            foreach (int k in ProbeIndices)
            {
                var (depth, layers) = Selection(kind, k, NumLayers);
                yield return (kind, k, new SweepSpec(ModelFamily, ModelSize, [depth], Backends, Seeds, Scenario, Training) { Layers = layers });
            }
        }
    }

    /// <summary>"single", "cumulative", "leave-one-out" (files and the command line), or "linear" for the logistic probe.</summary>
    public static string Name(ProbeKind kind) => kind switch
    {
        ProbeKind.Single => "single",
        ProbeKind.Cumulative => "cumulative",
        ProbeKind.LeaveOneOut => "leave-one-out",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown probe kind"),
    };

    /// <summary>Inverse of <see cref="Name"/> (any case).</summary>
    public static ProbeKind ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "single" => ProbeKind.Single,
        "cumulative" => ProbeKind.Cumulative,
        "leave-one-out" or "loo" => ProbeKind.LeaveOneOut,
        _ => throw new LayerwiseInputException($"unknown probe kind '{text}' (expected single, cumulative or leave-one-out)"),
    };
}
