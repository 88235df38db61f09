using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Features;
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
        StudySession.CacheKeyOf(ModelInfo(step.Model), step.Study.Scenario, step.Model.MaxLayers, step.Batching);

    /// <summary>A model's identity in cache keys and run records: the full path of a local folder (else the id as
    /// configured), a hash of its weight files ("random:seed=0" for random weights), the config's family and size.</summary>
    public SslModelInfo ModelInfo(ReplicationModel m) =>
        new(ModelId(m), Revision(m), m.RandomWeights, m.Family, m.Size, m.CheckpointLayers, m.HiddenSize);

    /// <summary>The study session of a cell: its model, its study's scenario, the cache of its training data
    /// (the key of the extraction step that filled it).</summary>
    StudySession SessionOf(ReplicationCell cell, IReadOnlyList<ExtractionStep> steps)
    {
        var m = cell.Model;
        var inputs = new StudyInputs(ModelInfo(m), cell.Study.Scenario, CacheRoot, Path.Combine(OutDirectory, "cells"),
            cell.Study.Train.Dataset, DemoData: false, Quick: false, Config.Training.Device,
            () => SslCheckpoint.Open(m.Source, m.MaxLayers, 0, Config.Training.Device, m.RandomWeights).Ssl);
        return new StudySession(inputs, KeyOf(steps.First(s => s.Dataset == cell.Study.Train.Dataset)));
    }

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
                HiddenStateExtractor.Extract(ssl, cache, step.Dataset, utts, load, new ExtractionOptions(Config.ExtractBatch ?? ExtractionOptions.DefaultBatchSize(ssl.Device)));
        }
    }

    /// <summary>Trains and evaluates one cell (after its extraction steps, which are no-ops when done) through its
    /// <see cref="StudySession"/>.</summary>
    public RunOutcome RunCell(ReplicationCell cell, CancellationToken cancellationToken = default)
    {
        var steps = ReplicationPlan.StepsOf(Config, cell);
        foreach (var step in steps)
            Extract(step);

        // Loading an SSL for extraction raises the thread count; training always runs with the config's.
        TorchSharp.torch.set_num_threads(Config.Threads);
        var study = cell.Study;
        using var session = SessionOf(cell, steps);
        FeatureSet Set(DatasetRef data, string split, string name, bool inMemory) =>
            session.CachedSet(name, ReadSplit(data.Dataset, data.Root, split), data.Dataset, split, inMemory,
                KeyOf(steps.First(s => s.Dataset == data.Dataset)));
        var train = Set(study.Train, study.TrainSplit, study.TrainSplit, inMemory: true);
        var dev = Set(study.Train, study.DevSplit, study.DevSplit, inMemory: true);
        var evals = study.Eval.Select(c => Set(c.Data, c.Split, c.Column, inMemory: false)).ToList();
        var spec = new RunSpec(cell.Backend, cell.NumLayers, study.Scenario, Config.Training with { Seed = cell.Seed });
        bool done = IsDone(cell);
        var outcome = session.Run(spec, train, dev, evals, CellDirectory(cell), cancellationToken);
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
