using System.CommandLine;
using System.Runtime.InteropServices;
using Layerwise.Hub;
using Spectre.Console;

namespace Layerwise.Cli.Commands;

/// <summary>
/// `layerwise hub download &lt;repo-id|preset&gt; [--revision main]`: fetches config, preprocessor config and weights
/// into the Hugging Face cache (progress on stderr), prints the snapshot folder on stdout.
/// `layerwise hub list`: the paper's checkpoints as JSON lines, with whether each is cached.
/// `layerwise hub import &lt;file-or-folder&gt; --repo-id ID [--revision R]`: files a copied checkpoint (HF folder or
/// fairseq/unilm .pt) into the cache so it loads by repo id offline; prints the snapshot folder.
/// Endpoint, cache, token and offline mode follow HF_ENDPOINT, HF_HUB_CACHE/HF_HOME, HF_TOKEN, HF_HUB_OFFLINE.
/// </summary>
internal static class HubCommand
{
    // Fresh option objects per command: a symbol belongs to the tree it is added to.
    static Option<string> RevisionOption() => new("--revision")
    {
        Description = "Branch, tag or commit hash",
        DefaultValueFactory = _ => "main",
    };

    static Option<string?> CacheDirOption() => new("--cache-dir")
    {
        Description = "Hub cache folder (default: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub)",
    };

    static Option<string?> EndpointOption() => new("--endpoint")
    {
        Description = "Hub URL (default: HF_ENDPOINT, else https://huggingface.co)",
    };

    public static Command Create()
    {
        var hub = new Command("hub", "Hugging Face hub: download SSL checkpoints into the shared HF cache, import copied ones, list the paper's presets");
        hub.Subcommands.Add(CreateDownload());
        hub.Subcommands.Add(CreateImport());
        hub.Subcommands.Add(CreateList());
        return hub;
    }

    static Command CreateDownload()
    {
        var repo = new Argument<string>("repo") { Description = "Repo id (facebook/wav2vec2-base) or preset name (see 'layerwise hub list')" };
        var offline = new Option<bool>("--offline") { Description = "Cache only, no network (as HF_HUB_OFFLINE=1)" };
        var refresh = new Option<bool>("--refresh") { Description = "Ask the hub for the revision's current commit even when it is cached" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress bar" };
        var revisionOpt = RevisionOption();
        Option<string?> cacheOpt = CacheDirOption(), endpointOpt = EndpointOption();
        var command = new Command("download", "Download config.json, preprocessor_config.json and weights; print the snapshot folder")
        {
            repo, revisionOpt, cacheOpt, endpointOpt, offline, refresh, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = Options(parse, cacheOpt, endpointOpt);
            if (parse.GetValue(offline))
                options = options with { Offline = true };
            if (parse.GetValue(refresh))
                options = options with { Refresh = true };
            string target = parse.GetValue(repo)!;
            string revision = parse.GetValue(revisionOpt)!;
            var stderr = parse.InvocationConfiguration.Error;

            // Ctrl+C / SIGTERM stop the transfer cleanly so blobs/{etag}.incomplete is flushed for the next run
            // (the synchronous Invoke path does not hand the action a signal-bound token).
            using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
            void Interrupt(PosixSignalContext context)
            {
                context.Cancel = true;
                interrupt.Cancel();
            }

            HubSnapshot snapshot;
            try
            {
                snapshot = await FetchWithProgress(target, options, revision, parse.GetValue(quiet), stderr, interrupt.Token);
            }
            catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
            {
                stderr.WriteLine($"layerwise: interrupted; what was downloaded stays in {options.CacheDir} and the next run resumes it");
                return 130;
            }

            stderr.WriteLine(
                $"{snapshot.RepoId}@{revision}: commit {snapshot.Commit}, weights {snapshot.WeightsFormat} " +
                $"({string.Join(", ", snapshot.WeightFiles)}){(snapshot.HasPreprocessorConfig ? ", preprocessor_config.json" : "")}");
            parse.InvocationConfiguration.Output.WriteLine(snapshot.Folder);
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static async Task<HubSnapshot> FetchWithProgress(string target, HubOptions options, string revision, bool quiet, TextWriter stderr, CancellationToken ct)
    {
        if (quiet)
            return await ModelHub.FetchAsync(target, options, revision, null, ct);

        // A live bar only on a real terminal; elsewhere Spectre prints a few percentage lines.
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        HubSnapshot? snapshot = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                snapshot = await ModelHub.FetchAsync(target, options, revision, new TaskProgress(context), ct);
            });
        return snapshot!;
    }

    static Command CreateImport()
    {
        var source = new Argument<string>("source") { Description = "A Hugging Face model folder (config.json + weights) or a fairseq/unilm .pt file (or a folder holding one)" };
        var repoId = new Option<string>("--repo-id") { Description = "Repo id (or preset name) to file it under, e.g. facebook/wav2vec2-xls-r-300m", Required = true };
        var revisionOpt = RevisionOption();
        var cacheOpt = CacheDirOption();
        var command = new Command("import", "Put an offline-copied checkpoint into the hub cache layout so it loads by repo id with HF_HUB_OFFLINE=1; print the snapshot folder")
        {
            source, repoId, revisionOpt, cacheOpt,
        };
        command.SetAction(parse =>
        {
            var options = Options(parse, cacheOpt, null);
            string revision = parse.GetValue(revisionOpt)!;
            var snapshot = HubImport.Import(parse.GetValue(source)!, parse.GetValue(repoId)!, revision, options);
            parse.InvocationConfiguration.Error.WriteLine(
                $"{snapshot.RepoId}@{revision}: imported as commit {snapshot.Commit}, weights {snapshot.WeightsFormat} ({string.Join(", ", snapshot.WeightFiles)}) into {options.CacheDir}");
            parse.InvocationConfiguration.Output.WriteLine(snapshot.Folder);
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static Command CreateList()
    {
        var revisionOpt = RevisionOption();
        var cacheOpt = CacheDirOption();
        var command = new Command("list", "The paper's six checkpoints as JSON lines: name, repo_id, original_file, original_source, family, layers, hidden, cached, snapshot")
        {
            revisionOpt, cacheOpt,
        };
        command.SetAction(parse =>
        {
            var options = Options(parse, cacheOpt, null);
            string revision = parse.GetValue(revisionOpt)!;
            foreach (var preset in HubPreset.All)
            {
                var cached = ModelHub.TryGetCached(preset.RepoId, options, revision);
                parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(new
                {
                    name = preset.Name,
                    repo_id = preset.RepoId,
                    original_file = preset.OriginalFile,
                    original_source = preset.OriginalSource,
                    family = preset.Family,
                    layers = preset.Layers,
                    hidden = preset.Hidden,
                    cached = cached is not null,
                    snapshot = cached?.Folder,
                }, indented: false));
            }
            return LayerwiseCli.ExitOk;
        });
        return command;
    }

    static HubOptions Options(ParseResult parse, Option<string?> cacheDirOption, Option<string?>? endpointOption)
    {
        var options = HubOptions.FromEnvironment();
        if (parse.GetValue(cacheDirOption) is { Length: > 0 } cacheDir)
            options = options with { CacheDir = Path.GetFullPath(cacheDir) };
        if (endpointOption is not null && parse.GetValue(endpointOption) is { Length: > 0 } endpoint)
            options = options with { Endpoint = endpoint.TrimEnd('/') };
        return options;
    }

    /// <summary>One progress-bar row per file, created when its first bytes are reported.</summary>
    sealed class TaskProgress(ProgressContext context) : IProgress<DownloadProgress>
    {
        readonly Dictionary<string, ProgressTask> tasks = [];

        public void Report(DownloadProgress value)
        {
            lock (tasks)
            {
                if (!tasks.TryGetValue(value.File, out var task))
                {
                    task = context.AddTask(Markup.Escape(value.File), autoStart: true, maxValue: value.TotalBytes ?? 1);
                    tasks[value.File] = task;
                }
                if (value.TotalBytes is long total)
                    task.MaxValue = total;
                else if (value.BytesDone > task.MaxValue)
                    task.MaxValue = value.BytesDone;
                task.Value = value.BytesDone;
            }
        }
    }
}
