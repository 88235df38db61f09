using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>One cell of the matrix: model × back-end × n_layers × seed × study. Its id
/// ("model/study/backend/nN/sSEED") names it on the command line and is its run directory under DIR/cells/.</summary>
public sealed record ReplicationCell(ReplicationModel Model, ReplicationStudy Study, BackendKind Backend, int NumLayers, int Seed)
{
    public string Id => $"{Model.Name}/{Study.Name}/{Sweep.BackendLabel(Backend).ToLowerInvariant()}/n{NumLayers}/s{Seed}";
}

/// <summary>One extraction step: a model's features of one dataset (the splits the studies read) at the model's
/// deepest grid depth, under the dataset's input policy (padded batches: per seed). Id "extract/model/dataset[/sSEED]".</summary>
public sealed record ExtractionStep(ReplicationModel Model, ReplicationStudy Study, string Dataset, string Root,
    IReadOnlyList<string> Splits, int? Seed)
{
    public string Id => $"extract/{Model.Name}/{Dataset}{(Seed is int s ? $"/s{s}" : "")}";
    public string? Batching => ReplicationConfig.BatchingOf(Study, Seed ?? 0);
}

/// <summary>The matrix of a config: extraction steps and cells, in a fixed order (config order throughout).</summary>
public static class ReplicationPlan
{
    public static IReadOnlyList<ReplicationCell> Cells(ReplicationConfig config) =>
        (from m in config.Models
         from s in config.Studies
         from b in config.Backends
         from n in m.Grid
         from seed in config.Seeds
         select new ReplicationCell(m, s, b, n, seed)).ToList();

    public static IReadOnlyList<ExtractionStep> Extractions(ReplicationConfig config)
    {
        var steps = new List<ExtractionStep>();
        foreach (var m in config.Models)
        {
            // dataset -> (first study reading it, splits in first-use order)
            var uses = new List<(string Dataset, string Root, ReplicationStudy Study, List<string> Splits)>();
            void Use(string dataset, string root, ReplicationStudy study, string split)
            {
                int i = uses.FindIndex(u => u.Dataset == dataset);
                if (i < 0)
                    uses.Add((dataset, root, study, [split]));
                else if (!uses[i].Splits.Contains(split))
                    uses[i].Splits.Add(split);
            }
            foreach (var s in config.Studies)
            {
                Use(s.Train.Dataset, s.Train.Root, s, s.TrainSplit);
                Use(s.Train.Dataset, s.Train.Root, s, s.DevSplit);
                foreach (var c in s.Eval)
                    Use(c.Data.Dataset, c.Data.Root, s, c.Split);
            }
            foreach (var u in uses)
            {
                if (u.Study.PaddedBatches)
                    steps.AddRange(config.Seeds.Select(seed => new ExtractionStep(m, u.Study, u.Dataset, u.Root, u.Splits, seed)));
                else
                    steps.Add(new ExtractionStep(m, u.Study, u.Dataset, u.Root, u.Splits, null));
            }
        }
        return steps;
    }

    /// <summary>The extraction steps a cell reads.</summary>
    public static IReadOnlyList<ExtractionStep> StepsOf(ReplicationConfig config, ReplicationCell cell)
    {
        var datasets = cell.Study.Eval.Select(c => c.Data.Dataset).Prepend(cell.Study.Train.Dataset).ToHashSet(StringComparer.Ordinal);
        return Extractions(config).Where(e => e.Model == cell.Model && datasets.Contains(e.Dataset) && (e.Seed is null || e.Seed == cell.Seed)).ToList();
    }
}
