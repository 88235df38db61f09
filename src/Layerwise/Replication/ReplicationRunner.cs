using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>
/// Runs the steps of a replication in its folder DIR: extraction steps fill the shared feature cache
/// (DIR/cache unless the config names one; one key per model and input policy, entries per dataset), and each cell
/// trains on its study's train/dev features and scores every eval column into DIR/cells/&lt;cell id&gt;/ (a run
/// directory). Both are resumable and idempotent: a finished cell is reused, an interrupted one resumes from its
/// last checkpoint, an extraction computes only missing entries; so whatever is killed, a rerun ends in the same files.
/// </summary>
public sealed class ReplicationRunner(ReplicationConfig config, string outDirectory, TextWriter log)
{
    public const string Preprocessing = StudyDefaults.Preprocessing;

    public ReplicationConfig Config { get; } = config;
    public string OutDirectory { get; } = Path.GetFullPath(outDirectory);
    public string CacheRoot => Config.CacheRoot ?? Path.Combine(OutDirectory, "cache");

    public string CellDirectory(ReplicationCell cell) => Path.Combine(OutDirectory, "cells", cell.Id);

    public bool IsDone(ReplicationCell cell) => File.Exists(Path.Combine(CellDirectory(cell), "metrics.json"));

    /// <summary>The step (cell or extraction) with this id, or an input error listing how to see the ids.</summary>
    public object Find(string id) =>
        (object?)ReplicationPlan.Cells(Config).FirstOrDefault(c => c.Id == id)
        ?? (object?)ReplicationPlan.Extractions(Config).FirstOrDefault(e => e.Id == id)
        ?? throw new ReplicationConfigException($"{Config.Path}: no cell or extraction step '{id}' (see --list)");

    /// <summary>Runs one cell or extraction step by id.</summary>
    public void Run(string id)
    {
        switch (Find(id))
        {
            case ReplicationCell c: RunCell(c); break;
            case ExtractionStep e: Extract(e); break;
        }
    }

    public FeatureCacheKey KeyOf(ExtractionStep step) =>
        new(ModelId(step.Model), Revision(step.Model), Preprocessing, step.Study.Scenario.InputPolicy, step.Model.MaxLayers, false, step.Batching);

    /// <summary>Extracts the missing entries of one step; the SSL is not even loaded when nothing is missing.</summary>
    public void Extract(ExtractionStep step)
    {
        var cache = FeatureCache.OpenOrCreate(CacheRoot, KeyOf(step), step.Model.HiddenSize);
        var splits = step.Splits.Select(s => (Split: s, Utterances: ReadSplit(step.Dataset, step.Root, s))).ToList();
        int missing = splits.Sum(s => s.Utterances.Count(u => !cache.Contains(step.Dataset, u.Id)));
        if (missing == 0)
            return;
        log.WriteLine($"{step.Id}: extracting {missing} entries into {cache.Folder}");
        var (ssl, _) = SslCheckpoint.Open(step.Model.Source, step.Model.MaxLayers, 0, Config.Training.Device, step.Model.RandomWeights);
        using var _ = ssl;
        var scenario = step.Study.Scenario;
        WaveformLoader load = u => LoadWave(u, scenario);
        foreach (var (_, utts) in splits)
        {
            if (step.Seed is int seed)
                PaddedBatchExtraction.Extract(ssl, cache, step.Dataset, utts, load, seed);
            else
                HiddenStateExtractor.Extract(ssl, cache, step.Dataset, utts, load, new ExtractionOptions(Config.ExtractBatch));
        }
    }

    /// <summary>Trains and evaluates one cell (after its extraction steps, which are no-ops when done).</summary>
    public RunOutcome RunCell(ReplicationCell cell, CancellationToken cancellationToken = default)
    {
        var steps = ReplicationPlan.StepsOf(Config, cell);
        foreach (var step in steps)
            Extract(step);
        FeatureCache CacheOf(string dataset) => FeatureCache.OpenOrCreate(CacheRoot, KeyOf(steps.First(s => s.Dataset == dataset)), cell.Model.HiddenSize);

        // Loading an SSL for extraction raises the thread count; training always runs with the config's.
        TorchSharp.torch.set_num_threads(Config.Threads);
        var study = cell.Study;
        var trainCache = CacheOf(study.Train.Dataset);
        var train = Set(trainCache, study.Train, study.TrainSplit, study.TrainSplit, inMemory: true);
        var dev = Set(trainCache, study.Train, study.DevSplit, study.DevSplit, inMemory: true);
        var evals = study.Eval.Select(c => Set(CacheOf(c.Data.Dataset), c.Data, c.Split, c.Column, inMemory: false)).ToList();
        var spec = new RunSpec(cell.Backend, cell.NumLayers, study.Scenario, Config.Training with { Seed = cell.Seed });
        var info = new SslModelInfo(ModelId(cell.Model), Revision(cell.Model), cell.Model.RandomWeights, cell.Model.Family,
            cell.Model.Size, cell.Model.CheckpointLayers, cell.Model.HiddenSize);
        var context = new RunContext { CacheKey = trainCache.Key, SslModel = info, CancellationToken = cancellationToken };
        bool done = IsDone(cell);
        var outcome = StudyRun.Execute(spec, BackendCatalog.Create, train, dev, evals, CellDirectory(cell), context);
        if (!done)
            log.WriteLine($"{cell.Id}: done (best epoch {outcome.Metrics.BestEpoch}, " +
                          string.Join(", ", outcome.Metrics.Eval.Select(m => $"{m.Set} {m.EerPercent:F2}%")) + ")");
        return outcome;
    }

    /// <summary>Every extraction step, then every cell not yet done; returns how many cells ran.</summary>
    public int RunAll(CancellationToken cancellationToken = default)
    {
        foreach (var step in ReplicationPlan.Extractions(Config))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Extract(step);
        }
        int ran = 0;
        var cells = ReplicationPlan.Cells(Config);
        foreach (var (cell, i) in cells.Select((c, i) => (c, i)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsDone(cell))
                continue;
            log.WriteLine($"[{i + 1}/{cells.Count}] {cell.Id}");
            RunCell(cell, cancellationToken);
            ran++;
        }
        return ran;
    }

    FeatureSet Set(FeatureCache cache, DatasetRef data, string split, string name, bool inMemory)
    {
        var utts = ReadSplit(data.Dataset, data.Root, split);
        var missing = utts.Where(u => !cache.Contains(data.Dataset, u.Id)).Select(u => u.Id).ToList();
        if (missing.Count > 0)
            throw new FeatureCacheException(cache.Folder, $"{missing.Count} utterances of {data.Dataset}/{split} are not cached (first: {missing[0]})");
        return new FeatureSet(name, utts, new CachedFeatureSource(cache, data.Dataset, inMemory));
    }

    /// <summary>A split's utterances whose audio exists (the others are reported once in the log).</summary>
    IReadOnlyList<Utterance> ReadSplit(string dataset, string root, string split)
    {
        var s = DatasetCatalog.Read(dataset, root, split);
        if (s.MissingAudio.Count == 0)
            return s.Utterances;
        var gone = s.MissingAudio.ToHashSet(StringComparer.Ordinal);
        return s.Utterances.Where(u => !gone.Contains(u.Id)).ToList();
    }

    static float[] LoadWave(Utterance u, Scenario scenario)
    {
        var x = AudioFile.ReadMono(u.AudioPath);
        if (x.Length == 0)
            throw new LayerwiseInputException($"{u.AudioPath}: empty audio");
        return scenario.FixedLength is int n ? InputPolicy.FixedLength(x, n) : x;
    }

    readonly Dictionary<string, string> revisions = [];

    string Revision(ReplicationModel m)
    {
        if (m.RandomWeights)
            return "random:seed=0";
        if (!revisions.TryGetValue(m.Name, out var r))
            revisions[m.Name] = r = SslCheckpoint.WeightsRevision(SslCheckpoint.Folder(m.Source));
        return r;
    }

    static string ModelId(ReplicationModel m) => Directory.Exists(m.Source) ? Path.GetFullPath(m.Source) : m.Source;
}
