using System.CommandLine;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Training;
using Spectre.Console;

namespace Layerwise.Cli.Commands;

/// <summary>Options and helpers shared by extract/train/eval/sweep/score/demo.</summary>
internal static class EngineCli
{
    public static Option<string> Dataset() => new("--dataset", "-d")
    {
        Description = $"Dataset id: {string.Join(", ", DatasetCatalog.Ids)}",
        Required = true,
    };

    public static Option<string?> Root() => new("--root", "-r")
    {
        Description = "Folder the dataset's official archive(s) were extracted into (demo: the demo corpus folder); default: the data home's folder for the dataset",
    };

    public static Option<string?> DataHomeOption() => new("--data-home")
    {
        Description = $"Data home: one folder per dataset id, used when --root is not given (default ${Data.DataHome.Variable})",
    };

    /// <summary>--root, else the data home's folder for the dataset.</summary>
    public static string RootOf(string dataset, string? root, string? dataHome) =>
        Data.DataHome.RootFor(dataset, root, Data.DataHome.Resolve(dataHome));

    public static Option<string> CacheFolder(bool required = true) => new("--cache")
    {
        Description = "Feature cache: a key folder (holding manifest.json) as printed by 'layerwise extract', or a cache root holding exactly one",
        Required = required,
    };

    public static Option<string?> Scenario() => new("--scenario")
    {
        Description = $"Class weights and input policy of the paper's scenario: {string.Join(", ", Training.Scenario.All.Select(s => s.Name))}; default: the training dataset's",
    };

    /// <summary>--scenario, else the paper's scenario for the dataset; no silent LA19 default.</summary>
    public static Training.Scenario ScenarioOf(string? name, string dataset) =>
        name is not null ? Training.Scenario.Get(name) : Training.Scenario.ForDataset(dataset)
            ?? throw new LayerwiseInputException($"dataset '{dataset}': the paper has no training scenario for it; name one with --scenario");

    /// <summary>Refuses a cache whose input policy is not the scenario's (its features were cropped differently).</summary>
    public static void CheckPolicy(FeatureCache cache, Training.Scenario scenario)
    {
        if (cache.Key.InputPolicy != scenario.InputPolicy)
            throw new LayerwiseInputException(
                $"{cache.Folder}: features were extracted with input policy '{cache.Key.InputPolicy}', scenario {scenario.Name} needs '{scenario.InputPolicy}'; " +
                "extract with the same --scenario or pass the cache's scenario");
    }

    public static Option<string> Device() => new("--device")
    {
        Description = "auto | cpu | cuda",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<string?> Model() => new("--model", "-m")
    {
        Description = "SSL model: a Hugging Face model folder (config.json + weights), a hub id, 'pretrained-demo' (embedded), or 'tiny-random' (alias 'tiny') / a preset name with --random-weights",
    };

    public static Option<bool> RandomWeights() => new("--random-weights")
    {
        Description = "Build the --model preset with random weights (seeded by --model-seed) instead of loading a checkpoint",
    };

    public static Option<int> ModelSeed() => new("--model-seed")
    {
        Description = "Seed of a random-weight SSL model",
        DefaultValueFactory = _ => 0,
    };

    public static IReadOnlyList<int> ParseInts(string text, string option) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v > 0
                ? v : throw new LayerwiseInputException($"{option} '{text}': expected positive integers separated by commas")).ToList();

    /// <summary>The key folder named by --cache (or the only key folder under a cache root).</summary>
    public static FeatureCache OpenCache(string path)
    {
        if (File.Exists(Path.Combine(path, "manifest.json")))
            return FeatureCache.Open(path);
        if (!Directory.Exists(path))
            throw new LayerwiseInputException($"{path}: feature cache folder not found");
        var keys = Directory.GetDirectories(path).Where(d => File.Exists(Path.Combine(d, "manifest.json"))).ToList();
        return keys.Count switch
        {
            1 => FeatureCache.Open(keys[0]),
            0 => throw new LayerwiseInputException($"{path}: no feature cache here (run 'layerwise extract' first)"),
            _ => throw new LayerwiseInputException($"{path}: several cache keys ({string.Join(", ", keys.Select(Path.GetFileName))}); name one"),
        };
    }

    /// <summary>Utterances of a split whose audio exists (the missing ones are reported on stderr).</summary>
    public static IReadOnlyList<Utterance> ReadSplit(string dataset, string root, string split, TextWriter err)
    {
        var s = DatasetCatalog.Read(dataset, root, split);
        if (s.MissingAudio.Count > 0)
            err.WriteLine($"layerwise: {s.MissingAudio.Count} utterances of {dataset}/{split} have no audio file and are skipped (first: {s.MissingAudio[0]})");
        var missing = s.MissingAudio.ToHashSet(StringComparer.Ordinal);
        return s.Utterances.Where(u => !missing.Contains(u.Id)).ToList();
    }

    public static FeatureSet Set(FeatureCache cache, string dataset, IReadOnlyList<Utterance> utterances, string name, bool inMemory = false)
    {
        var missing = utterances.Where(u => !cache.Contains(dataset, u.Id)).Select(u => u.Id).ToList();
        if (missing.Count > 0)
            throw new LayerwiseInputException(
                $"{cache.Folder}: {missing.Count} of {utterances.Count} utterances of '{name}' are not cached (first: {missing[0]}); run 'layerwise extract' for them");
        return new FeatureSet(name, utterances, new CachedFeatureSource(cache, dataset, inMemory));
    }

    public static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Interactive = InteractionSupport.Detect,
        Ansi = AnsiSupport.Detect,
    });

    /// <summary>Runs <paramref name="work"/> under a Spectre progress bar with ETA (on stderr).</summary>
    public static T WithProgress<T>(TextWriter err, string title, Func<IProgress<ExtractionProgress>, T> work)
    {
        var console = Console(err);
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title));
                result = work(new SyncProgress<ExtractionProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{title} {p.Done}/{p.Total} ({p.Computed} computed, {p.Skipped} cached)");
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }
}

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
