using System.CommandLine;
using System.Globalization;
using Layerwise.Features;
using Layerwise.Models.Ssl;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise train`: one back-end at one depth on cached features; resumes an interrupted run.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var cache = EngineCli.CacheFolder(required: false);
        var noCache = new Option<bool>("--no-cache") { Description = "Cache-less mode: run the SSL (--model) on every utterance every epoch, as the paper's code; no disk needed" };
        var model = EngineCli.Model();
        var random = EngineCli.RandomWeights();
        var modelSeed = EngineCli.ModelSeed();
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var trainSplit = new Option<string>("--train-split") { Description = "Training split", DefaultValueFactory = _ => "train" };
        var devSplit = new Option<string>("--dev-split") { Description = "Dev split (early stopping, best checkpoint, decision threshold)", DefaultValueFactory = _ => "dev" };
        var evalSplits = new Option<string>("--eval-splits") { Description = "Splits scored after training, comma-separated ('' for none)", DefaultValueFactory = _ => "eval" };
        var backend = new Option<string>("--backend", "-b") { Description = "ffn | aasist", Required = true };
        var nLayers = new Option<int>("--n-layers", "-n") { Description = "Use layers 1..n of the cached stack", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed (torch init, dropout, shuffling); the paper used 1, 42, 1234", DefaultValueFactory = _ => 1 };
        var scenario = EngineCli.Scenario();
        var device = EngineCli.Device();
        var output = new Option<string>("--out", "-o") { Description = "Run directory (created; an interrupted run there resumes)", Required = true };
        var training = new TrainingCliOptions();
        var command = new Command("train",
            "Train a back-end on cached features as the paper (weighted CE, Adam 1e-4/1e-4, batch 32, <=50 epochs, patience 10 on dev loss). " +
            "Writes config.json, metrics.json, train.log, layer_weights.csv, best.pt, checkpoints/, scores/. Prints metrics.json")
        {
            cache, noCache, model, random, modelSeed, dataset, root, trainSplit, devSplit, evalSplits, backend, nLayers, seed, scenario, device, output, dataHome,
        };
        training.AddTo(command);
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            string ds = parse.GetValue(dataset)!, r = EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome));
            var sc = EngineCli.ScenarioOf(parse.GetValue(scenario), ds);
            int n = parse.GetValue(nLayers);
            var spec = new RunSpec(StudyWiring.ParseBackend(parse.GetValue(backend)!), n, sc,
                training.Read(parse, parse.GetValue(seed), parse.GetValue(device)!));
            var evalNames = parse.GetValue(evalSplits)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            FeatureSet train, dev;
            List<FeatureSet> evals;
            RunContext context;
            ISslFrontEnd? ssl = null;
            if (parse.GetValue(noCache))
            {
                if (parse.GetValue(model) is null)
                    throw new LayerwiseInputException("--no-cache needs --model (the SSL runs during training)");
                var (s, info) = StudyWiring.OpenSsl(parse.GetValue(model), n, parse.GetValue(modelSeed), parse.GetValue(device)!, parse.GetValue(random));
                ssl = s;
                var live = new LiveFeatureSource(s, u => StudyWiring.LoadWave(u, sc), n);
                train = new FeatureSet(parse.GetValue(trainSplit)!, EngineCli.ReadSplit(ds, r, parse.GetValue(trainSplit)!, err), live);
                dev = new FeatureSet(parse.GetValue(devSplit)!, EngineCli.ReadSplit(ds, r, parse.GetValue(devSplit)!, err), live);
                evals = evalNames.Select(e => new FeatureSet(e, EngineCli.ReadSplit(ds, r, e, err), live)).ToList();
                context = new RunContext { SslModel = info, Progress = EpochPrinter(err) };
            }
            else
            {
                var fc = EngineCli.OpenCache(parse.GetValue(cache) ?? throw new LayerwiseInputException("--cache is required (or --no-cache with --model)"));
                EngineCli.CheckPolicy(fc, sc);
                train = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, parse.GetValue(trainSplit)!, err), parse.GetValue(trainSplit)!, inMemory: true);
                dev = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, parse.GetValue(devSplit)!, err), parse.GetValue(devSplit)!, inMemory: true);
                evals = evalNames.Select(e => EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, e, err), e)).ToList();
                context = new RunContext { CacheKey = fc.Key, Progress = EpochPrinter(err) };
            }
            using var _ = ssl;
            var outcome = StudyRun.Execute(spec, StudyWiring.CreateBackend, train, dev, evals, parse.GetValue(output)!, context);
            if (outcome.Reused)
                err.WriteLine($"{outcome.Directory.Path}: already finished; showing its metrics");
            parse.InvocationConfiguration.Output.WriteLine(File.ReadAllText(outcome.Directory.MetricsPath).TrimEnd());
            return 0;
        });
        return command;
    }

    /// <summary>One stderr line per epoch.</summary>
    public static IProgress<EpochRecord> EpochPrinter(TextWriter err) => new SyncProgress<EpochRecord>(e => err.WriteLine(
        string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch,3}  train_loss {e.TrainLoss:F5}  dev_loss {e.DevLoss:F5}{(e.DevEerPercent is double d ? $"  dev_eer {d:F2}%" : "")}  " +
            $"{e.Seconds:F1}s  ssl_passes {e.SslForwardPasses}{(e.Improved ? "  *best" : "")}")));
}
