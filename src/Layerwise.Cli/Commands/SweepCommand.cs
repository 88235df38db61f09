using System.CommandLine;
using System.Globalization;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;
using Spectre.Console;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise sweep`: n_layers × back-ends × seeds over one cache.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var cache = EngineCli.CacheFolder();
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var evalSplits = new Option<string>("--eval-splits") { Description = "Splits scored by every run, comma-separated", DefaultValueFactory = _ => "eval" };
        var grid = new Option<string>("--n-layers", "-n") { Description = "n_layers grid, e.g. 2,4,6,12 (small) or 4,6,8,10,12,24 (large); default: the paper's grid for the cached depth" };
        var backends = new Option<string>("--backends", "-b") { Description = "Comma-separated: ffn,aasist", DefaultValueFactory = _ => "ffn,aasist" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (the paper: 1,42,1234)", DefaultValueFactory = _ => "1" };
        var family = new Option<string?>("--family") { Description = "model_family column (default from the cache's model id)" };
        var size = new Option<string?>("--size") { Description = "size column: small | large (default from the model's config, not the cached depth)" };
        var scenario = EngineCli.Scenario();
        var device = EngineCli.Device();
        var output = new Option<string>("--out", "-o") { Description = "Output folder: runs/, results.csv, runs.csv, layer_weights.csv, weights.txt", Required = true };
        var training = new TrainingCliOptions();
        var command = new Command("sweep",
            "Train and evaluate every n_layers x back-end x seed over one feature cache (no SSL forward pass); finished runs are reused. " +
            "Writes results.csv (the paper's columns: model_family,size,backend,n_layers,dataset,eer_percent,source, then seed), runs.csv, " +
            "layer_weights.csv and weights.txt; prints a summary table")
        {
            cache, dataset, root, evalSplits, grid, backends, seeds, family, size, scenario, device, output, dataHome,
        };
        training.AddTo(command);
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            var fc = EngineCli.OpenCache(parse.GetValue(cache)!);
            string ds = parse.GetValue(dataset)!, r = EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome));
            var sc = EngineCli.ScenarioOf(parse.GetValue(scenario), ds);
            EngineCli.CheckPolicy(fc, sc);
            // Size and grid from the checkpoint's config: a large model cached to 12 layers is still "large".
            string modelSize = parse.GetValue(size) ?? CachedModelLabels.SizeOf(fc.Key);
            var nGrid = parse.GetValue(grid) is { } g ? EngineCli.ParseInts(g, "--n-layers")
                : (modelSize == "large" ? SweepSpec.LargeGrid : SweepSpec.SmallGrid).Where(n => n <= fc.MaxLayers).DefaultIfEmpty(fc.MaxLayers).ToList();
            var kinds = parse.GetValue(backends)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(StudyWiring.ParseBackend).ToList();
            var seedList = EngineCli.ParseInts(parse.GetValue(seeds)!, "--seeds");
            var spec = new SweepSpec(parse.GetValue(family) ?? CachedModelLabels.FamilyOf(fc.Key) ?? Path.GetFileName(fc.Key.ModelId.TrimEnd('/')), modelSize,
                nGrid, kinds, seedList, sc, training.Read(parse, seedList[0], parse.GetValue(device)!));
            var train = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, "train", err), "train", inMemory: true);
            var dev = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, "dev", err), "dev", inMemory: true);
            var evalNames = parse.GetValue(evalSplits)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // Named by the paper's column (or the dataset), so results.csv's dataset column never holds a split name.
            var evals = evalNames.Select(s => EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, s, err),
                Replication.PaperColumns.NameOf(ds, s, evalNames.Length > 1), inMemory: true)).ToList();
            var outDir = parse.GetValue(output)!;
            var results = Sweep.Execute(spec, StudyWiring.CreateBackend, train, dev, evals, outDir, new RunContext { CacheKey = fc.Key },
                new SyncProgress<SweepProgress>(p => err.WriteLine($"[{p.Index}/{p.Total}] {p.Run.Name}")));
            WriteAll(results, outDir, ds);
            PrintTable(EngineCli.Console(parse.InvocationConfiguration.Output), results);
            return 0;
        });
        return command;
    }

    public static void WriteAll(SweepResults results, string outDir, string trainSet)
    {
        results.WriteResultsCsv(Path.Combine(outDir, "results.csv"));
        results.WriteRunsCsv(Path.Combine(outDir, "runs.csv"));
        results.WriteLayerWeightsCsv(Path.Combine(outDir, "layer_weights.csv"));
        results.WriteWeightsTable(Path.Combine(outDir, "weights.txt"), trainSet);
    }

    /// <summary>backend | n_layers | seed | best epoch | dev EER | eval EERs | SSL passes in training.</summary>
    public static void PrintTable(IAnsiConsole console, SweepResults results)
    {
        var table = new Table().AddColumns("backend", "n_layers", "seed", "best epoch", "dev EER %");
        var sets = results.Runs.FirstOrDefault()?.Metrics.Eval.Select(m => m.Set).ToList() ?? [];
        foreach (var s in sets)
            table.AddColumn($"{s} EER %");
        table.AddColumn("SSL passes in training");
        foreach (var r in results.Runs)
        {
            var cells = new List<string>
            {
                Sweep.BackendLabel(r.Config.Spec.Backend), r.Config.Spec.NumLayers.ToString(CultureInfo.InvariantCulture),
                r.Config.Spec.Seed.ToString(CultureInfo.InvariantCulture), r.Metrics.BestEpoch.ToString(CultureInfo.InvariantCulture),
                r.Metrics.Dev.EerPercent.ToString("F2", CultureInfo.InvariantCulture),
            };
            cells.AddRange(r.Metrics.Eval.Select(m => m.EerPercent.ToString("F2", CultureInfo.InvariantCulture)));
            cells.Add(r.Metrics.SslForwardPassesDuringTraining.ToString(CultureInfo.InvariantCulture));
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }
}
