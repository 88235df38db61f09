using Layerwise.Models.Backends;

namespace Layerwise.Training;

/// <summary>The grid of a sweep: n_layers × back-ends × seeds over one set of features.</summary>
/// <param name="ModelFamily">Results-table label, e.g. "wav2vec2" (paper_results.csv model_family).</param>
/// <param name="ModelSize">"small" or "large" (or "tiny" for the demo).</param>
public sealed record SweepSpec(
    string ModelFamily,
    string ModelSize,
    IReadOnlyList<int> NumLayers,
    IReadOnlyList<BackendKind> Backends,
    IReadOnlyList<int> Seeds,
    Scenario Scenario,
    TrainingOptions Training)
{
    /// <summary>The paper's grids (reference 2.6) and seeds.</summary>
    public static IReadOnlyList<int> SmallGrid { get; } = [2, 4, 6, 12];
    public static IReadOnlyList<int> LargeGrid { get; } = [4, 6, 8, 10, 12, 24];
    public static IReadOnlyList<int> PaperSeeds { get; } = [1, 42, 1234];

    /// <summary>Layers fed to every run's back-end (<see cref="RunSpec.Layers"/>); null = layers 1..n_layers.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>A lower epoch cap for some back-ends (the demo's AASIST, whose epochs cost ~20× an FFN's); absent = <see cref="TrainingOptions.MaxEpochs"/>.</summary>
    public IReadOnlyDictionary<BackendKind, int>? MaxEpochsByBackend { get; init; }

    /// <summary>A sub-grid of <see cref="NumLayers"/> for some back-ends (the demo's AASIST); absent = <see cref="NumLayers"/>.</summary>
    public IReadOnlyDictionary<BackendKind, IReadOnlyList<int>>? NumLayersByBackend { get; init; }

    public IEnumerable<RunSpec> Runs() =>
        from seed in Seeds
        from backend in Backends
        from n in NumLayers
        where NumLayersByBackend is not { } grids || !grids.TryGetValue(backend, out var grid) || grid.Contains(n)
        select new RunSpec(backend, n, Scenario, TrainingFor(backend) with { Seed = seed }) { Layers = Layers };

    /// <summary>The training options of <paramref name="backend"/>'s runs.</summary>
    public TrainingOptions TrainingFor(BackendKind backend) =>
        MaxEpochsByBackend is { } caps && caps.TryGetValue(backend, out int cap) && cap < Training.MaxEpochs
            ? Training with { MaxEpochs = cap }
            : Training;
}

/// <summary>Progress of a sweep: which run of how many is starting.</summary>
public sealed record SweepProgress(int Index, int Total, RunSpec Run);

/// <summary>
/// Runs every configuration of a <see cref="SweepSpec"/> over the same feature sets (normally one cache, so no
/// configuration runs the SSL), each in its own run directory under <c>out/runs/</c>; finished runs are
/// reused, an interrupted one resumes. Returns the tidy results.
/// </summary>
public static class Sweep
{
    public static SweepResults Execute(SweepSpec spec, BackendFactory factory, FeatureSet train, FeatureSet dev,
        IReadOnlyList<FeatureSet> evals, string outDirectory, RunContext? context = null, IProgress<SweepProgress>? progress = null)
    {
        context ??= RunContext.Default;
        var runs = spec.Runs().ToList();
        var outcomes = new List<RunOutcome>();
        for (int i = 0; i < runs.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new SweepProgress(i + 1, runs.Count, runs[i]));
            var dir = Path.Combine(outDirectory, "runs", $"{spec.ModelFamily}-{spec.ModelSize}", runs[i].Name);
            outcomes.Add(StudyRun.Execute(runs[i], factory, train, dev, evals, dir, context));
        }
        return new SweepResults(spec, outcomes);
    }

    /// <summary>The results table's back-end label ("FFN", "AASIST").</summary>
    public static string BackendLabel(BackendKind kind) => kind switch
    {
        BackendKind.Ffn => "FFN",
        BackendKind.Aasist => "AASIST",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
