using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// The layer-analysis toolbox over one model's cached features: probes (through the sweep engine), layer
/// similarity (CKA), layer-weight statistics and score views, each written to one output folder with a single
/// HTML report. The one entry point of the CLI's <c>layerwise analyze</c> and of notebook 11; it never runs the
/// SSL (<see cref="SslForwardPasses"/> counts any that happened since it was created).
/// </summary>
public sealed class LayerToolbox
{
    readonly long sslAtStart = SslForwardCounter.Batches;
    ProbeResults? lastProbes;

    /// <param name="plan">Default probes (kinds, back-ends, seeds, training); <see cref="Probes"/> may override it.</param>
    public LayerToolbox(FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals, ProbePlan plan, BackendFactory factory,
        string outDirectory, string model, RunContext? context = null)
    {
        Train = train;
        Dev = dev;
        Evals = evals;
        Plan = plan;
        Factory = factory;
        Model = model;
        Context = context ?? RunContext.Default;
        Report = new LayerAnalysisReport(outDirectory, $"Layer analysis: {model}");
    }

    /// <summary>The toolbox over a notebook study's sets: runs under the study's folder, report in its analysis/ subfolder.</summary>
    public static LayerToolbox ForNotebook(StudySession study, string name, FeatureSet train, FeatureSet dev, IReadOnlyList<FeatureSet> evals,
        IReadOnlyList<ProbeKind>? kinds = null, IReadOnlyList<BackendKind>? backends = null, IReadOnlyList<int>? seeds = null,
        TrainingOptions? training = null)
    {
        var plan = new ProbePlan(study.Model.Family, study.Model.Size, study.Model.Layers,
            kinds ?? [ProbeKind.Single, ProbeKind.Cumulative, ProbeKind.LeaveOneOut], backends ?? [BackendKind.Ffn], seeds ?? [1],
            study.Scenario, training ?? study.DefaultTraining());
        var toolbox = new LayerToolbox(train, dev, evals, plan, BackendCatalog.Create, Path.Combine(study.StudyDir(name), "analysis"), study.Model.Id,
            study.RunContext);
        toolbox.RunsDirectory = study.StudyDir(name);
        if (study.Model.RandomWeights)
            toolbox.Report.Banner(HtmlReport.DemoBanner);
        return toolbox;
    }

    public FeatureSet Train { get; }
    public FeatureSet Dev { get; }
    public IReadOnlyList<FeatureSet> Evals { get; }
    public ProbePlan Plan { get; }
    public BackendFactory Factory { get; }
    public string Model { get; }
    public RunContext Context { get; }
    public LayerAnalysisReport Report { get; }

    /// <summary>Where probe runs live (runs/&lt;family&gt;-&lt;size&gt;/… below it); default the report folder.</summary>
    public string RunsDirectory { get; set; } = "";

    public IProgress<SweepProgress>? Progress { get; set; }

    /// <summary>SSL forward passes since the toolbox was created (0 when every set comes from the cache).</summary>
    public long SslForwardPasses => SslForwardCounter.Batches - sslAtStart;

    /// <summary>Trains (or reuses) the probes of <paramref name="plan"/> (default <see cref="Plan"/>) and adds them to the report.</summary>
    public ProbeResults Probes(ProbePlan? plan = null)
    {
        var results = LayerProbes.Run(plan ?? Plan, Factory, Train, Dev, Evals, RunsRoot, Context, Progress);
        Report.AddProbes(results, Evals);
        return lastProbes = results;
    }

    /// <summary>CKA between all layers on <paramref name="set"/> (default dev), at most <paramref name="maxUtterances"/> of its utterances (evenly spread).</summary>
    public SimilarityResult Similarity(FeatureSet? set = null, RepresentationUnit unit = RepresentationUnit.Pooled, int maxUtterances = 400, int framesPerUtterance = 8)
    {
        set ??= Dev;
        var result = LayerSimilarity.Within(set.Features, Model, Sample(set.Utterances, maxUtterances), Plan.NumLayers, unit, framesPerUtterance);
        Report.AddSimilarity(result, unit == RepresentationUnit.Pooled ? "cka" : "cka_frames");
        return result;
    }

    /// <summary>CKA between this model's layers (rows) and another model's (columns) on the same utterances of <paramref name="set"/>.</summary>
    public SimilarityResult CrossSimilarity(IFeatureSource other, string otherModel, FeatureSet? set = null,
        RepresentationUnit unit = RepresentationUnit.Pooled, int maxUtterances = 400, int framesPerUtterance = 8)
    {
        set ??= Dev;
        var result = LayerSimilarity.Between(set.Features, Model, Plan.NumLayers, other, otherModel, other.MaxLayers,
            Sample(set.Utterances, maxUtterances), unit, framesPerUtterance);
        Report.AddSimilarity(result, "cka_cross");
        return result;
    }

    /// <summary>Layer-weight statistics of <paramref name="runs"/>; default the full-depth runs of the last <see cref="Probes"/> call,
    /// or, without those, its runs over two or more layers (leave-one-out).</summary>
    public IReadOnlyList<RunWeights> Weights(IEnumerable<RunOutcome>? runs = null)
    {
        if (runs is null)
        {
            var probes = (lastProbes ?? throw new InvalidOperationException("no runs given and no probes trained yet")).Runs;
            var full = probes.Where(r => r.Kind == ProbeKind.Cumulative && r.K == Plan.NumLayers).ToList();
            runs = (full.Count > 0 ? full : probes.Where(r => r.Run.Config.Spec.BackendLayers.Count > 1)).Select(r => r.Run);
        }
        var list = runs.Select(r => LayerWeightStats.Read(r, Factory)).ToList();
        Report.AddWeights(list, lastProbes);
        return list;
    }

    /// <summary>Writes report.html beside the CSV and PNG files; returns its path.</summary>
    public string SaveReport() => Report.Save();

    string RunsRoot => RunsDirectory.Length > 0 ? RunsDirectory : Report.Directory;

    /// <summary>At most <paramref name="max"/> items, evenly spread over the list (deterministic).</summary>
    internal static IReadOnlyList<Utterance> Sample(IReadOnlyList<Utterance> all, int max)
    {
        if (all.Count <= max)
            return all;
        return Enumerable.Range(0, max).Select(i => all[(int)((long)i * all.Count / max)]).ToList();
    }
}
