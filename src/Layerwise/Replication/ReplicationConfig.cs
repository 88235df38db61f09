using System.Text.Json;
using Layerwise.Data;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>A model of the matrix, resolved: family and size from the checkpoint's config unless given, the
/// n_layers grid (the paper's for the size unless given); <see cref="MaxLayers"/> is the depth its caches store.</summary>
public sealed record ReplicationModel(string Name, string Source, bool RandomWeights, string Family, string Size,
    IReadOnlyList<int> Grid, int CheckpointLayers, int HiddenSize)
{
    public int MaxLayers => Grid.Max();
}

/// <summary>A dataset split list as a study reads it.</summary>
public sealed record DatasetRef(string Dataset, string Root);

/// <summary>One evaluation column: the name in the tables (LA19, DF21, …), the dataset and split scored.</summary>
public sealed record EvalColumn(string Column, DatasetRef Data, string Split)
{
    /// <summary>The paper's EER for this column (reference 5.1/5.2): the official ASVspoof EER for the ASVspoof 2019 and
    /// 2021 LA evaluation packages (LA19: the value evaluate_la19.py writes to results_la19.txt, via the 2019 package),
    /// scikit-learn's det_curve EER for every other column.</summary>
    public EerDefinition Definition => Data.Dataset is "asvspoof2019-la" or "asvspoof2021-la" ? EerDefinition.Official : EerDefinition.Sklearn;
}

/// <summary>Which EER a column reports.</summary>
public enum EerDefinition
{
    /// <summary>ASVspoof 2019/2021 evaluation package (one DET point per trial).</summary>
    Official,
    /// <summary>The paper's get_eer: scikit-learn det_curve, EER = (fpr + fnr) / 2 at the closest point.</summary>
    Sklearn,
}

/// <summary>A training set and its evaluation columns. <see cref="PaddedBatches"/>: PartialSpoof/HAD as the paper
/// (full waveforms padded in batches of 32, SSL on the padded batch without a mask).</summary>
public sealed record ReplicationStudy(string Name, DatasetRef Train, string TrainSplit, string DevSplit, Scenario Scenario,
    bool PaddedBatches, IReadOnlyList<EvalColumn> Eval);

/// <summary>
/// A replication config (JSON, <see cref="ReplicationConfigFile"/>) resolved against its folder and the data home:
/// models × back-ends × n_layers × seeds × studies, with the paper's training defaults.
/// </summary>
public sealed class ReplicationConfig
{
    public required string Path { get; init; }
    public required IReadOnlyList<ReplicationModel> Models { get; init; }
    public required IReadOnlyList<BackendKind> Backends { get; init; }
    public required IReadOnlyList<int> Seeds { get; init; }
    public required IReadOnlyList<ReplicationStudy> Studies { get; init; }
    public required TrainingOptions Training { get; init; }
    public string? CacheRoot { get; init; }
    /// <summary>Utterances per SSL forward; null = <see cref="Features.ExtractionOptions.DefaultBatchSize"/> of the device.</summary>
    public int? ExtractBatch { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Every evaluation column, in config order (study order, then eval order): the tables' header.</summary>
    public IReadOnlyList<EvalColumn> Columns => Studies.SelectMany(s => s.Eval).ToList();

    static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and resolves <paramref name="path"/>; <paramref name="home"/> supplies roots the config omits.</summary>
    public static ReplicationConfig Load(string path, DataHome? home)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ReplicationConfigException($"{path}: replication config not found");
        ReplicationConfigFile file;
        try
        {
            file = JsonSerializer.Deserialize<ReplicationConfigFile>(File.ReadAllText(full), Options)
                ?? throw new ReplicationConfigException($"{path}: empty config");
        }
        catch (JsonException e)
        {
            throw new ReplicationConfigException($"{path}: {e.Message}");
        }
        return Resolve(file, full, home);
    }

    static ReplicationConfig Resolve(ReplicationConfigFile f, string path, DataHome? home)
    {
        string dir = System.IO.Path.GetDirectoryName(path)!;
        string Fail(string what) => throw new ReplicationConfigException($"{path}: {what}");
        string Rel(string p) => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, p));

        if (f.Models is not { Count: > 0 })
            Fail("'models' is required (a list of {name, model})");
        if (f.Studies is not { Count: > 0 })
            Fail("'studies' is required (a list of {train, eval})");

        var models = new List<ReplicationModel>();
        foreach (var (m, i) in f.Models!.Select((m, i) => (m, i)))
        {
            string source = m.Model ?? Fail($"models[{i}]: 'model' is required (a folder, a hub id or a preset)");
            string name = m.Name ?? System.IO.Path.GetFileName(source.TrimEnd('/', '\\'));
            if (!IsId(name))
                Fail($"models[{i}]: name '{name}' may hold only letters, digits, '-', '_' and '.'");
            // A relative folder is relative to the config; anything else is a hub id or a preset.
            string resolved = !System.IO.Path.IsPathRooted(source) && Directory.Exists(Rel(source)) ? Rel(source) : source;
            Models.Ssl.SslConfig cfg;
            try
            {
                cfg = SslCheckpoint.ReadConfig(resolved, m.RandomWeights);
            }
            catch (LayerwiseInputException e)
            {
                throw new ReplicationConfigException($"{path}: models[{i}] '{name}': {e.Message}");
            }
            string family = m.Family?.ToLowerInvariant() switch
            {
                null => SslCheckpoint.Family(cfg.ModelType),
                "wav2vec" or "wav2vec2" or "w2v" => "wav2vec2",
                "hubert" or "hub" => "hubert",
                "wavlm" => "wavlm",
                var other => other,
            };
            string size = m.Size?.ToLowerInvariant() ?? SslCheckpoint.Size(cfg);
            if (size is not ("small" or "large"))
                Fail($"models[{i}] '{name}': size '{size}' (expected small or large)");
            var grid = m.NumLayers ?? [.. Analysis.PaperResults.NumLayersGrid(size)];
            if (grid.Count == 0 || grid.Any(n => n < 1 || n > cfg.NumHiddenLayers) || grid.Distinct().Count() != grid.Count)
                Fail($"models[{i}] '{name}': n_layers [{string.Join(", ", grid)}] must be distinct depths in 1..{cfg.NumHiddenLayers} (the checkpoint's blocks)");
            models.Add(new ReplicationModel(name, resolved, m.RandomWeights, family, size, grid, cfg.NumHiddenLayers, cfg.HiddenSize));
        }
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Count)
            Fail("model names must be distinct");

        var backends = (f.Backends ?? ["ffn", "aasist"]).Select(b => b.Trim().ToLowerInvariant() switch
        {
            "ffn" => BackendKind.Ffn,
            "aasist" => BackendKind.Aasist,
            _ => throw new ReplicationConfigException($"{path}: unknown back-end '{b}' (expected ffn or aasist)"),
        }).Distinct().ToList();
        var seeds = f.Seeds ?? [.. SweepSpec.PaperSeeds];
        if (seeds.Count == 0 || seeds.Any(s => s < 0) || seeds.Distinct().Count() != seeds.Count)
            Fail("'seeds' must be distinct non-negative integers");

        DatasetRef Data(string? dataset, string? root, string where)
        {
            string id;
            try
            {
                id = DataHome.CanonicalId(dataset ?? Fail($"{where}: 'dataset' is required"));
            }
            catch (DatasetLayoutException e)
            {
                throw new ReplicationConfigException($"{path}: {where}: {e.Message}");
            }
            if (root is null && home is null)
                Fail($"{where}: no 'root' for '{id}' and no data home (--data-home or {DataHome.Variable})");
            return new DatasetRef(id, root is null ? home!.FolderOf(id) : Rel(root));
        }

        var studies = new List<ReplicationStudy>();
        foreach (var (s, i) in f.Studies!.Select((s, i) => (s, i)))
        {
            var t = s.Train ?? throw new ReplicationConfigException($"{path}: studies[{i}]: 'train' is required");
            var train = Data(t.Dataset, t.Root, $"studies[{i}].train");
            var scenario = t.Scenario is { } sn ? ScenarioNamed(sn, path, i) : Scenario.ForDataset(train.Dataset)
                ?? throw new ReplicationConfigException($"{path}: studies[{i}]: the paper has no training scenario for '{train.Dataset}'; name one with \"scenario\"");
            string name = s.Name ?? train.Dataset;
            if (!IsId(name))
                Fail($"studies[{i}]: name '{name}' may hold only letters, digits, '-', '_' and '.'");
            bool padded = (t.FullLengthMode ?? "padded-batch") switch
            {
                "padded-batch" => scenario.FixedLength is null,
                "per-utterance" => false,
                var other => throw new ReplicationConfigException($"{path}: studies[{i}]: full_length_mode '{other}' (expected padded-batch or per-utterance)"),
            };
            if (s.Eval is not { Count: > 0 })
                Fail($"studies[{i}]: 'eval' needs at least one column");
            var columns = s.Eval!.Select((e, j) =>
            {
                string where = $"studies[{i}].eval[{j}]";
                var data = Data(e.Dataset, e.Root, where);
                string split = e.Split ?? DatasetCatalog.DefaultSplitOf(data.Dataset);
                string column = e.Column ?? PaperColumns.Of(data.Dataset, split)
                    ?? Fail($"{where}: 'column' is required (the table's column name; the paper has none for {data.Dataset}/{split})");
                if (!IsId(column))
                    Fail($"{where}: column '{column}' may hold only letters, digits, '-', '_' and '.'");
                return new EvalColumn(column, data, split);
            }).ToList();
            studies.Add(new ReplicationStudy(name, train, t.TrainSplit ?? "train", t.DevSplit ?? "dev", scenario, padded, columns));
        }
        if (studies.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != studies.Count)
            Fail("study names must be distinct (set \"name\" when two studies train on one dataset)");
        var allColumns = studies.SelectMany(s => s.Eval).Select(c => c.Column).ToList();
        if (allColumns.Distinct(StringComparer.Ordinal).Count() != allColumns.Count)
            Fail("eval column names must be distinct across studies (they are the tables' columns)");
        // One input policy per dataset: its features are cached once per model.
        foreach (var g in studies.SelectMany(s => s.Eval.Select(c => (c.Data.Dataset, Policy: PolicyOf(s, 0))).Prepend((Dataset: s.Train.Dataset, Policy: PolicyOf(s, 0))))
                     .GroupBy(x => x.Dataset))
            if (g.Select(x => x.Policy).Distinct().Count() > 1)
                Fail($"dataset '{g.Key}' is read under two input policies ({string.Join(", ", g.Select(x => x.Policy).Distinct())}); use one per config");

        var tr = f.Training ?? new TrainingEntry();
        int epochs = tr.Epochs ?? 50, patience = tr.Patience ?? 10, batch = tr.BatchSize ?? 32;
        if (epochs < 1 || patience < 1 || batch < 1)
            Fail("training: epochs, patience and batch_size must be positive");
        var training = new TrainingOptions
        {
            MaxEpochs = epochs,
            Patience = patience,
            BatchSize = batch,
            EvalBatchSize = batch,
            LearningRate = tr.LearningRate ?? 1e-4,
            WeightDecay = tr.WeightDecay ?? 1e-4,
            // ~1,300 cells: one checkpoint per epoch each would be most of the disk; last + best resume as well.
            KeepEpochCheckpoints = false,
            Device = f.Device ?? "cpu",
        };
        if (f.ExtractBatch is < 1)
            Fail("extract_batch must be positive");
        if (f.Threads is < 1)
            Fail("threads must be positive");
        return new ReplicationConfig
        {
            Path = path, Models = models, Backends = backends, Seeds = seeds, Studies = studies, Training = training,
            CacheRoot = f.Cache is null ? null : Rel(f.Cache), ExtractBatch = f.ExtractBatch,
            Threads = f.Threads ?? Environment.ProcessorCount,
        };
    }

    /// <summary>The input policy under which a study's datasets are cached (recorded in the cache key); padded
    /// batches depend on their composition, hence on the seed that draws them.</summary>
    public static string PolicyOf(ReplicationStudy s, int seed) => s.PaddedBatches ? $"{s.Scenario.InputPolicy};{BatchingOf(s, seed)}" : s.Scenario.InputPolicy;

    /// <summary>The cache key's batching field for a study's features (null: per utterance).</summary>
    public static string? BatchingOf(ReplicationStudy s, int seed) => s.PaddedBatches ? Features.PaddedBatchExtraction.Batching(seed) : null;

    static Scenario ScenarioNamed(string name, string path, int i)
    {
        try
        {
            return Scenario.Get(name);
        }
        catch (LayerwiseInputException e)
        {
            throw new ReplicationConfigException($"{path}: studies[{i}]: {e.Message}");
        }
    }

    static bool IsId(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && s is not ("." or "..");
}
