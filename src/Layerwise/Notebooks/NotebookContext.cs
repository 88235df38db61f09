using System.Net;
using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Hub;
using Layerwise.Models.Ssl;

namespace Layerwise.Notebooks;

/// <summary>
/// What a notebook's parameters cell resolves to: the dataset actually read, the SSL model, the device, quick mode,
/// and one work folder shared by all notebooks (demo corpora, feature cache, runs), so a later notebook reuses what an
/// earlier one computed. The environment (<see cref="NotebookDefaults"/>) overrides the parameters cell. The synthetic
/// demo corpus is used only when no data home was named at all, the tiny random-weight model only when "tiny" (the
/// default) is asked for; a data home, dataset or model that was named but cannot be read is an error carrying the
/// reader's or loader's own message. Keeps the notebooks free of fallback logic.
/// </summary>
public sealed record NotebookContext
{
    /// <summary>Environment variable that switches quick mode on ("1"), for headless runners.</summary>
    public const string QuickVariable = NotebookDefaults.QuickVariable;
    /// <summary>Environment variable that overrides the shared work folder.</summary>
    public const string WorkVariable = NotebookDefaults.WorkVariable;
    /// <summary>Model id of the random-weight model (<see cref="SslConfig.Tiny"/>).</summary>
    public const string RandomModelId = "tiny";
    public const int RandomModelSeed = 0;

    /// <summary>Catalog id of the dataset as requested (e.g. asvspoof2019-la).</summary>
    public required string RequestedDatasetId { get; init; }
    /// <summary>Catalog id of the reader to use for <see cref="DataRoot"/> (the demo layout's reader when <see cref="IsDemoData"/>).</summary>
    public required string DatasetId { get; init; }
    /// <summary>The data home (null in demo mode).</summary>
    public string? DataHomeRoot { get; init; }
    public required string DataRoot { get; init; }
    public required bool IsDemoData { get; init; }
    /// <summary>The demo corpus, when <see cref="IsDemoData"/>.</summary>
    public DemoCorpusInfo? Demo { get; init; }
    /// <summary>Model as requested (folder, repo id or preset; the default when none was given).</summary>
    public required string RequestedModel { get; init; }
    /// <summary>Local checkpoint folder, or null for the random-weight model.</summary>
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
    public bool ComparableToPaper => !IsDemoData && !IsRandomModel && !IsEmbeddedModel;
    /// <summary>True for the embedded pretrained demo model (a real SSL, but tiny and trained on synthetic speech).</summary>
    public bool IsEmbeddedModel => !IsRandomModel && EmbeddedModels.IsEmbedded(RequestedModel);

    /// <summary>The status line's <c>data=</c> value.</summary>
    public string DataKind => IsDemoData ? "demo" : "real";
    /// <summary>The status line's <c>weights=</c> value: where the SSL weights come from (the one place that says so).</summary>
    public string WeightsKind => IsRandomModel ? "random" : IsEmbeddedModel ? EmbeddedModels.PretrainedDemo : "checkpoint";

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

    /// <summary>The data home in effect: <c>LAYERWISE_DATA</c> when set, else the parameter (null or blank: demo mode).</summary>
    public static string? EffectiveDataHome(string? dataHome, Func<string, string?>? environment = null) =>
        Override(NotebookDefaults.DataVariable, dataHome, environment ?? Environment.GetEnvironmentVariable);

    /// <summary>The environment's value of <paramref name="variable"/> when set, else the parameter.</summary>
    static string? Override(string variable, string? parameter, Func<string, string?> environment) =>
        environment(variable) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : parameter;

    /// <summary>
    /// Resolves the parameters (each overridden by its environment variable, <see cref="NotebookDefaults"/>). With no
    /// data home the demo corpus of <paramref name="scenario"/> is created (or reused) under the work folder
    /// (<paramref name="demoOptions"/> overrides its size); with one, the dataset is read from its sub-folder named by
    /// catalog id, and a missing folder or unreadable protocol is an error. The model is the default when empty, a
    /// folder holding config.json, or a repo id/preset in the hub cache (no download here: <see cref="ModelHub.Download"/>).
    /// </summary>
    public static NotebookContext Resolve(string datasetId, string? dataHome, string? model, string device = "auto",
        bool quick = false, DemoScenario scenario = DemoScenario.La, string? workDir = null, DemoCorpusOptions? demoOptions = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        workDir = Path.GetFullPath(workDir ?? DefaultWorkDir(environment));
        quick = QuickMode(quick, environment);
        string id = DataHome.CanonicalId(datasetId); // unknown id: error listing the valid ones
        string? homeRoot = Override(NotebookDefaults.DataVariable, dataHome, environment);
        string requestedModel = Override(NotebookDefaults.ModelVariable, model, environment) is { Length: > 0 } m ? m : NotebookDefaults.Model;
        device = Override(NotebookDefaults.DeviceVariable, device, environment) ?? "auto";
        Runtime.Devices.Parse(device);
        string? modelFolder = RequireModelFolder(requestedModel);
        Directory.CreateDirectory(workDir);

        DemoCorpusInfo? demo = null;
        string root;
        if (string.IsNullOrWhiteSpace(homeRoot))
        {
            string name = $"demo-{scenario.ToString().ToLowerInvariant()}{(quick ? "-quick" : "")}";
            demo = DemoCorpus.EnsureCreated(Path.Combine(workDir, name), demoOptions ?? DemoOptions(scenario, quick));
            root = demo.Root;
        }
        else
        {
            root = RequireDataset(id, new DataHome(homeRoot));
        }

        return new NotebookContext
        {
            RequestedDatasetId = id,
            DatasetId = demo?.DatasetId ?? id,
            DataHomeRoot = demo is null ? Path.GetFullPath(homeRoot!) : null,
            DataRoot = root,
            IsDemoData = demo is not null,
            Demo = demo,
            RequestedModel = requestedModel,
            ModelFolder = modelFolder,
            Device = device,
            Quick = quick,
            WorkDir = workDir,
        };
    }

    /// <summary>The dataset's folder in the data home, checked by reading it: a missing folder, or a folder where the
    /// reader finds no split, throws (with the reader's own message for the default split).</summary>
    static string RequireDataset(string id, DataHome home)
    {
        if (!home.Exists)
            throw new DatasetLayoutException($"data home {home.Root} does not exist (set by the dataHome parameter or {DataHome.Variable})");
        string folder = home.FolderOf(id);
        if (!Directory.Exists(folder))
            throw new DatasetLayoutException($"{folder}: not found; dataset '{id}' is expected in the data home's sub-folder named by its catalog id (see docs/datasets.md)");
        if (DatasetCatalog.ReadAvailable(id, folder).Count == 0)
            DatasetCatalog.Read(id, folder); // no split readable: the reader's own error for its default split
        return folder;
    }

    /// <summary>The folder of a model that was asked for: null for "tiny" (random weights); else a folder with
    /// config.json or a complete hub-cache snapshot, and anything else is an error saying what was looked for.</summary>
    public static string? RequireModelFolder(string model, HubOptions? options = null)
    {
        if (EmbeddedModels.IsTinyRandom(model))
            return null;
        if (FindModelFolder(model, options) is { } folder)
        {
            SslConfig.FromFile(Path.Combine(folder, "config.json")); // unreadable config: the loader's own message now
            return folder;
        }
        if (Directory.Exists(model) || Path.IsPathRooted(model) || model.StartsWith('.') || model.StartsWith('~'))
            throw new SslInputException($"{Path.GetFullPath(model)}: no config.json; a model folder is a Hugging Face checkpoint (config.json and weights)");
        options ??= HubOptions.FromEnvironment();
        throw new HubException($"model '{model}': not a local model folder and not in the Hugging Face cache {options.CacheDir}; " +
            $"download it first (00-setup, or `layerwise hub download {model}`), or set the model to \"{RandomModelId}\" for random weights");
    }

    /// <summary>A local folder with config.json, a .pt checkpoint, or a complete hub-cache snapshot of a repo id/preset; else null.</summary>
    public static string? FindModelFolder(string? model, HubOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(model) || EmbeddedModels.IsTinyRandom(model))
            return null;
        try
        {
            if (File.Exists(Path.Combine(model, "config.json")) || SslModels.OriginalFile(model) is not null)
                return Path.GetFullPath(model); // a model folder, or a fairseq/unilm .pt (or a folder holding one)
            return ModelHub.TryGetCached(model, options)?.Folder;
        }
        catch (Exception e) when (e is LayerwiseInputException or ArgumentException)
        {
            return null; // not a repo id either
        }
    }

    /// <summary>Splits of the resolved dataset (all the reader finds), each holding only the utterances whose audio is
    /// present (a protocol entry without its file cannot be used; <see cref="DatasetSplit.MissingAudio"/> still lists it).</summary>
    public IReadOnlyList<DatasetSplit> ReadSplits() => DatasetCatalog.ReadAvailable(DatasetId, DataRoot).Select(Present).ToList();

    /// <summary>One split of the resolved dataset (its default split when null), with present audio only.</summary>
    public DatasetSplit ReadSplit(string? split = null) => Present(DatasetCatalog.Read(DatasetId, DataRoot, split));

    static DatasetSplit Present(DatasetSplit split) => split.MissingAudio.Count == 0 ? split
        : split with { Utterances = split.Utterances.Where(u => File.Exists(u.AudioPath)).ToList() };

    /// <summary>Train, dev and evaluation splits of the resolved dataset: "train", "dev" (or "valid"), and every other
    /// split found as an evaluation split (eval, test, testR1, ...). HABLA's "all" (every file, no split) is never an
    /// evaluation split: without the user's split files HABLA is an error, and an evaluation utterance that is also a
    /// training utterance (same id or audio file) is an error. Missing train/dev are null (evaluation-only datasets).</summary>
    public (DatasetSplit? Train, DatasetSplit? Dev, IReadOnlyList<DatasetSplit> Evals) TrainDevEval()
    {
        var splits = ReadSplits().Where(s => s.Split != WholeDatasetSplit).ToList();
        var train = splits.FirstOrDefault(s => s.Split == "train");
        var dev = splits.FirstOrDefault(s => s.Split is "dev" or "valid" or "validation");
        if (DatasetId == Data.Readers.HablaReader.CatalogId && train is null)
            throw new DatasetLayoutException($"{DataRoot}: HABLA has no published train/dev/test split; put your split files train_out.txt, " +
                "val_out.txt and test_out.txt (one utterance a line: `ID LABEL` or `ID ID _ _ LABEL`, LABEL bonafide|spoof, ID the file " +
                "name without extension) in the dataset folder or its splits/ sub-folder (see notebooks/README.md)");
        var evals = splits.Where(s => s != train && s != dev).ToList();
        if (train is not null)
        {
            var trainIds = train.Utterances.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
            var trainAudio = train.Utterances.Select(u => Path.GetFullPath(u.AudioPath)).ToHashSet(StringComparer.Ordinal);
            foreach (var e in evals)
                if (e.Utterances.FirstOrDefault(u => trainIds.Contains(u.Id) || trainAudio.Contains(Path.GetFullPath(u.AudioPath))) is { } leak)
                    throw new DatasetLayoutException($"{DataRoot}: evaluation split '{e.Split}' holds training utterance '{leak.Id}' ({leak.AudioPath}); " +
                        "an evaluation set must not contain training audio (check the split files)");
        }
        return (train, dev, evals);
    }

    /// <summary>The split that lists every file of a dataset without a published split (HABLA's "all").</summary>
    public const string WholeDatasetSplit = "all";

    /// <summary>The SSL front-end: the checkpoint, or the tiny random-weight model; truncated to <paramref name="numLayers"/> blocks.</summary>
    public SslFrontEnd LoadModel(int? numLayers = null) => ModelFolder is { } folder
        ? SslModels.Load(folder, numLayers, Runtime.Devices.Resolve(Device))
        : SslModels.CreateRandom(SslConfig.Tiny(), numLayers, RandomModelSeed, Runtime.Devices.Resolve(Device));

    /// <summary>Model configuration without building the model.</summary>
    public SslConfig ModelConfig => ModelFolder is { } folder ? SslModels.ReadConfig(folder) : SslConfig.Tiny();

    /// <summary>The paper's model family and size to compare with: those of the chosen model (XLS-R is wav2vec2 large);
    /// the tiny random-weight model is compared with the small rows of its family, the nearest the paper has.</summary>
    public (string Family, string Size) PaperConfiguration
    {
        get
        {
            var info = NotebookStudy.ModelInfo(this, ModelConfig);
            return (info.Family, info.Size == "tiny" ? "small" : info.Size);
        }
    }

    /// <summary>Short model label for tables and chart legends.</summary>
    public string ModelLabel => ModelFolder is null ? $"{RandomModelId} (random weights, seed {RandomModelSeed})" : RequestedModel;

    /// <summary>"cpu" or "cuda": the device the models run on.</summary>
    public string DeviceKind => Runtime.Devices.Resolve(Device).type == TorchSharp.DeviceType.CUDA ? "cuda" : "cpu";

    /// <summary>The notebook's first output: one plain, machine-readable line (see notebooks/README.md).</summary>
    public string StatusLine(params string[] datasets) =>
        $"layerwise-notebook: data={DataKind} weights={WeightsKind} model={(IsRandomModel ? RandomModelId : RequestedModel)} device={DeviceKind} " +
        $"datasets={string.Join(",", datasets.Length > 0 ? datasets : [RequestedDatasetId])}";

    /// <summary>Why the output is not comparable to the paper ("" when it is).</summary>
    public string NotComparableReason => (IsDemoData, IsRandomModel, IsEmbeddedModel) switch
    {
        (true, true, _) => "synthetic demo data and random SSL weights",
        (true, false, true) => "synthetic demo data and the tiny demo SSL model pretrained on synthetic speech",
        (true, false, false) => "synthetic demo data",
        (false, true, _) => "random SSL weights",
        (false, false, true) => "the tiny demo SSL model pretrained on synthetic speech",
        _ => "",
    };

    /// <summary>The banner shown under the status line, saying the same: a yellow warning for demo data or random weights.</summary>
    public string BannerHtml()
    {
        var lines = new List<string>();
        lines.Add(IsDemoData
            ? $"Data: demo, the SYNTHETIC demo corpus ({Demo!.Options.Scenario} scenario, {Demo.Splits.Sum(s => s.Utterances)} utterances, "
              + $"reader '{DatasetId}') standing in for '{RequestedDatasetId}', because no data home was set ({NotebookDefaults.DataVariable} or dataHome)."
            : $"Data: real, {RequestedDatasetId} from {DataRoot}.");
        lines.Add(IsRandomModel
            ? $"Weights: random, the tiny SSL model with RANDOM weights (seed {RandomModelSeed}; model \"{RandomModelId}\")."
            : IsEmbeddedModel
                ? $"Weights: {EmbeddedModels.PretrainedDemo}, the tiny HuBERT this project pretrained on its own synthetic speech (docs/pretraining.md)."
                : $"Weights: checkpoint, {RequestedModel} from {ModelFolder}.");
        lines.Add($"Device: {DeviceKind}.");
        if (Quick)
            lines.Add("Quick mode: smaller corpus, fewer epochs and configurations.");
        string items = string.Concat(lines.Select(l => "<li>" + WebUtility.HtmlEncode(l) + "</li>"));
        return ComparableToPaper
            ? $"<div style=\"border:1px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:8px 12px;border-radius:4px\"><ul style=\"margin:0\">{items}</ul></div>"
            : "<div style=\"border:2px solid #f9a825;background:#fff8e1;color:#5d4037;padding:8px 12px;border-radius:4px\">"
              + $"<strong>DEMO OUTPUT: {WebUtility.HtmlEncode(NotComparableReason)}, so the numbers are NOT comparable to the paper.</strong><ul style=\"margin:4px 0 0 0\">{items}</ul></div>";
    }
}
