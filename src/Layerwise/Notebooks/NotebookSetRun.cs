using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Notebooks;

/// <summary>One set's own study in a notebook that covers several sets (06 multilingual, 07 partial): trained and
/// tested on that set alone, as in the paper.</summary>
/// <param name="Name">The study's folder name under the runs folder, e.g. <c>06-multilingual-add2023</c>.</param>
/// <param name="Evals">One evaluation set per eval split, named as the paper (ADD 2023: ADD23.1 and ADD23.2 apart).</param>
public sealed record NotebookSetRun(NotebookSet Set, NotebookStudy Study, string Name, IReadOnlyList<FeatureSet> Evals, SweepResults Results)
{
    /// <summary>Extracts what the cache lacks, sweeps <paramref name="grid"/> × <paramref name="backends"/> on the set's
    /// train/dev/eval splits and writes the study's tables (rows labelled with the set's paper name).</summary>
    public static NotebookSetRun Sweep(NotebookSet set, NotebookStudy study, string notebook, IReadOnlyList<int> grid, IReadOnlyList<BackendKind> backends)
    {
        var (trainSplit, devSplit, evalSplits) = set.Context.TrainDevEval();
        var train = study.Set("train", trainSplit!.Utterances);
        var dev = study.Set("dev", devSplit!.Utterances);
        var evals = evalSplits.Select(e => study.Set(NotebookSets.EvalSetName(set.DatasetId, e.Split), e.Utterances)).ToList();
        string name = $"{notebook}-{set.DatasetId}";
        var results = study.Sweep(name, train, dev, evals, nLayers: grid, backends: backends);
        study.WriteTables(name, set.Name, results);
        return new NotebookSetRun(set, study, name, evals, results);
    }
}
