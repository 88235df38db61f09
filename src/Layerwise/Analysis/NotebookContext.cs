using System.Net;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Hub;
using Layerwise.Models.Ssl;

namespace Layerwise.Analysis;

/// <summary>
/// What a notebook's parameters cell resolves to: the dataset actually read (the real one when its root holds it,
/// else the synthetic demo corpus of the matching scenario), the SSL model (a local or hub-cached checkpoint, else a
/// tiny random-weight model), quick mode, and one work folder shared by all notebooks (demo corpora, feature cache,
/// runs), so a later notebook reuses what an earlier one computed. Keeps the notebooks free of fallback logic.
/// </summary>
public sealed record NotebookContext
{
    /// <summary>Environment variable that switches quick mode on ("1"), for headless runners.</summary>
    public const string QuickVariable = "LAYERWISE_QUICK";
    /// <summary>Environment variable that overrides the shared work folder.</summary>
    public const string WorkVariable = "LAYERWISE_NOTEBOOK_WORK";
    /// <summary>Model id used for the random-weight fallback (<see cref="SslConfig.Tiny"/>).</summary>
    public const string RandomModelId = "tiny";
    public const int RandomModelSeed = 0;

    /// <summary>Catalog id of the dataset as requested (e.g. asvspoof2019-la).</summary>
    public required string RequestedDatasetId { get; init; }
    /// <summary>Catalog id of the reader to use for <see cref="DataRoot"/> (the demo layout's reader when <see cref="IsDemoData"/>).</summary>
    public required string DatasetId { get; init; }
    /// <summary>Data root as requested (may not exist).</summary>
    public string? RequestedDataRoot { get; init; }
    public required string DataRoot { get; init; }
    public required bool IsDemoData { get; init; }
    /// <summary>The demo corpus, when <see cref="IsDemoData"/>.</summary>
    public DemoCorpusInfo? Demo { get; init; }
    /// <summary>Model as requested (folder, repo id or preset).</summary>
    public required string RequestedModel { get; init; }
    /// <summary>Local checkpoint folder, or null for the random-weight fallback.</summary>
    public string? ModelFolder { get; init; }
    public bool IsRandomModel => ModelFolder is null;
    public required string Device { get; init; }
    public required bool Quick { get; init; }
    public required string WorkDir { get; init; }

    /// <summary>Feature cache root shared by all notebooks.</summary>
    public string CacheDir => Path.Combine(WorkDir, "features");
    /// <summary>Run directories shared by all notebooks.</summary>
    public string RunsDir => Path.Combine(WorkDir, "runs");
    /// <summary>True only for a real dataset with a real checkpoint.</summary>
    public bool ComparableToPaper => !IsDemoData && !IsRandomModel;

    /// <summary>Quick mode: the parameter, or <c>LAYERWISE_QUICK=1</c> in the environment.</summary>
    public static bool QuickMode(bool quick, Func<string, string?>? environment = null)
    {
        string? v = (environment ?? Environment.GetEnvironmentVariable)(QuickVariable)?.Trim();
        return quick || v is "1" || string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The shared work folder: <c>LAYERWISE_NOTEBOOK_WORK</c>, else <c>.work</c> beside the notebooks
    /// (the kernel's working directory is the notebook folder in VS Code and under dotnet-repl).</summary>
    public static string DefaultWorkDir(Func<string, string?>? environment = null) =>
        Path.GetFullPath((environment ?? Environment.GetEnvironmentVariable)(WorkVariable) is { Length: > 0 } w
            ? w : Path.Combine(Directory.GetCurrentDirectory(), ".work"));

    /// <summary>Demo corpus size: the documented default, or a smaller one in quick mode.</summary>
    public static DemoCorpusOptions DemoOptions(DemoScenario scenario, bool quick) => quick
        ? new DemoCorpusOptions { Scenario = scenario, TrainUtterances = 64, DevUtterances = 32, EvalUtterances = 64 }
        : new DemoCorpusOptions { Scenario = scenario };

    /// <summary>
    /// Resolves the parameters. The real dataset is used when <paramref name="dataRoot"/> exists and the reader finds
    /// at least one split there; otherwise the demo corpus of <paramref name="scenario"/> is created (or reused) under
    /// the work folder (<paramref name="demoOptions"/> overrides its size). The model is a folder holding config.json, or a repo id/preset already in the hub cache (no
    /// download here: use <see cref="ModelHub.Download"/> for that); otherwise the random-weight tiny model.
    /// </summary>
    public static NotebookContext Resolve(string datasetId, string? dataRoot, string? model, string device = "auto",
        bool quick = false, DemoScenario scenario = DemoScenario.La, string? workDir = null, DemoCorpusOptions? demoOptions = null)
    {
        workDir = Path.GetFullPath(workDir ?? DefaultWorkDir());
        quick = QuickMode(quick);
        Directory.CreateDirectory(workDir);

        string? realRoot = HasDataset(datasetId, dataRoot) ? Path.GetFullPath(dataRoot!) : null;
        DemoCorpusInfo? demo = null;
        if (realRoot is null)
        {
            string name = $"demo-{scenario.ToString().ToLowerInvariant()}{(quick ? "-quick" : "")}";
            demo = DemoCorpus.EnsureCreated(Path.Combine(workDir, name), demoOptions ?? DemoOptions(scenario, quick));
        }

        return new NotebookContext
        {
            RequestedDatasetId = datasetId,
            RequestedDataRoot = dataRoot,
            DatasetId = demo?.DatasetId ?? datasetId,
            DataRoot = demo?.Root ?? realRoot!,
            IsDemoData = demo is not null,
            Demo = demo,
            RequestedModel = model ?? "",
            ModelFolder = FindModelFolder(model),
            Device = device,
            Quick = quick,
            WorkDir = workDir,
        };
    }

    static bool HasDataset(string datasetId, string? root)
    {
        if (string.IsNullOrWhiteSpace(root) || !Directory.Exists(root))
            return false;
        try
        {
            return DatasetCatalog.ReadAvailable(datasetId, root).Count > 0;
        }
        catch (LayerwiseInputException)
        {
            return false;
        }
    }

    /// <summary>A local folder with config.json, a .pt checkpoint, or a complete hub-cache snapshot of a repo id/preset; else null.</summary>
    public static string? FindModelFolder(string? model, HubOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(model) || model.Trim().Equals(RandomModelId, StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            if (File.Exists(Path.Combine(model, "config.json")) || SslModels.OriginalFile(model) is not null)
                return Path.GetFullPath(model); // a model folder, or a fairseq/unilm .pt (or a folder holding one)
            return ModelHub.TryGetCached(model, options)?.Folder;
        }
        catch (Exception e) when (e is LayerwiseInputException or ArgumentException)
        {
            return null; // not a repo id either: fall back
        }
    }

    /// <summary>Splits of the resolved dataset (all the reader finds).</summary>
    public IReadOnlyList<DatasetSplit> ReadSplits() => DatasetCatalog.ReadAvailable(DatasetId, DataRoot);

    /// <summary>One split of the resolved dataset (its default split when null).</summary>
    public DatasetSplit ReadSplit(string? split = null) => DatasetCatalog.Read(DatasetId, DataRoot, split);

    /// <summary>Train, dev and evaluation splits of the resolved dataset: "train", "dev" (or "valid"), and every other
    /// split found as an evaluation split (eval, test, ...). Missing train/dev are null (evaluation-only datasets).</summary>
    public (DatasetSplit? Train, DatasetSplit? Dev, IReadOnlyList<DatasetSplit> Evals) TrainDevEval()
    {
        var splits = ReadSplits();
        var train = splits.FirstOrDefault(s => s.Split == "train");
        var dev = splits.FirstOrDefault(s => s.Split is "dev" or "valid" or "validation");
        return (train, dev, splits.Where(s => s != train && s != dev).ToList());
    }

    /// <summary>The SSL front-end: the checkpoint, or the tiny random-weight model; truncated to <paramref name="numLayers"/> blocks.</summary>
    public SslFrontEnd LoadModel(int? numLayers = null) => ModelFolder is { } folder
        ? SslModels.Load(folder, numLayers, Runtime.Devices.Resolve(Device))
        : SslModels.CreateRandom(SslConfig.Tiny(), numLayers, RandomModelSeed, Runtime.Devices.Resolve(Device));

    /// <summary>Model configuration without building the model.</summary>
    public SslConfig ModelConfig => ModelFolder is { } folder ? SslModels.ReadConfig(folder) : SslConfig.Tiny();

    /// <summary>Short model label for tables and chart legends.</summary>
    public string ModelLabel => ModelFolder is null ? $"{RandomModelId} (random weights, seed {RandomModelSeed})" : RequestedModel;

    /// <summary>The banner shown at the top of a notebook's output: a yellow warning for demo data or a random model.</summary>
    public string BannerHtml()
    {
        var lines = new List<string>();
        if (IsDemoData)
            lines.Add($"Data: the SYNTHETIC demo corpus ({Demo!.Options.Scenario} scenario, {Demo.Splits.Sum(s => s.Utterances)} utterances, "
                + $"reader '{DatasetId}') because '{RequestedDatasetId}' was not found" + (RequestedDataRoot is { Length: > 0 } r ? $" under {r}" : "") + ".");
        else
            lines.Add($"Data: {RequestedDatasetId} from {DataRoot}.");
        lines.Add(IsRandomModel
            ? $"Model: the tiny SSL model with RANDOM weights" + (RequestedModel is { Length: > 0 } m && m != RandomModelId ? $" ('{m}' is not available locally)" : "") + "."
            : $"Model: {RequestedModel} from {ModelFolder}.");
        if (Quick)
            lines.Add("Quick mode: smaller corpus, fewer epochs and configurations.");
        string items = string.Concat(lines.Select(l => "<li>" + WebUtility.HtmlEncode(l) + "</li>"));
        return ComparableToPaper
            ? $"<div style=\"border:1px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:8px 12px;border-radius:4px\"><ul style=\"margin:0\">{items}</ul></div>"
            : "<div style=\"border:2px solid #f9a825;background:#fff8e1;color:#5d4037;padding:8px 12px;border-radius:4px\">"
              + $"<strong>DEMO OUTPUT. {WebUtility.HtmlEncode(HtmlReport.DemoBanner)}</strong><ul style=\"margin:4px 0 0 0\">{items}</ul></div>";
    }

}
