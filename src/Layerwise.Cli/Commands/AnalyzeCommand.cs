using System.CommandLine;
using System.Globalization;
using Layerwise.Features;
using Layerwise.LayerAnalysis;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise analyze probe|cka|weights`: the layer-analysis toolbox over one feature cache (no SSL forward pass).
/// Each writes CSV tables, PNG images and one report.html into --out.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var command = new Command("analyze", "Layer analysis over a feature cache: probes per layer, CKA between layers, layer-weight statistics " +
                                             "(CSV + PNG + one report.html; the SSL never runs)");
        command.Subcommands.Add(Probe());
        command.Subcommands.Add(Similarity());
        command.Subcommands.Add(Weights());
        return command;
    }

    static Option<string> Out() => new("--out", "-o") { Description = "Output folder (CSV, PNG, report.html; probe runs under runs/)", Required = true };

    static Command Probe()
    {
        var cache = EngineCli.CacheFolder();
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var evalSplits = new Option<string>("--eval-splits") { Description = "Splits scored by every probe, comma-separated", DefaultValueFactory = _ => "eval" };
        var kinds = new Option<string>("--probes") { Description = "Comma-separated: single (layer k alone), cumulative (layers 1..k), leave-one-out (all but k)", DefaultValueFactory = _ => "single,cumulative,leave-one-out" };
        var ks = new Option<string?>("--layers", "-k") { Description = "Probe indices k, comma-separated (default: every cached layer)" };
        var backends = new Option<string>("--backends", "-b") { Description = "Comma-separated: ffn,aasist", DefaultValueFactory = _ => "ffn" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (spread over seeds in the report)", DefaultValueFactory = _ => "1" };
        var noLinear = new Option<bool>("--no-linear") { Description = "Skip the linear logistic probe on pooled features" };
        var weights = new Option<bool>("--weights") { Description = "Also add layer-weight statistics of the full-depth runs to the report" };
        var scenario = EngineCli.Scenario();
        var device = EngineCli.Device();
        var output = Out();
        var training = new TrainingCliOptions();
        var command = new Command("probe", "Train single-layer, cumulative (first k) and leave-one-out probes through the sweep engine " +
                                           "(runs reused like 'layerwise sweep'), plus linear probes; writes probes.csv, probe_attacks.csv, images, report.html")
        {
            cache, dataset, root, dataHome, evalSplits, kinds, ks, backends, seeds, noLinear, weights, scenario, device, output,
        };
        training.AddTo(command);
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            var fc = EngineCli.OpenCache(parse.GetValue(cache)!);
            string ds = parse.GetValue(dataset)!, r = EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome));
            var seedList = EngineCli.ParseInts(parse.GetValue(seeds)!, "--seeds");
            var plan = new ProbePlan(CachedModelLabels.FamilyOf(fc.Key) ?? "ssl", CachedModelLabels.SizeOf(fc.Key), fc.MaxLayers,
                Split(parse.GetValue(kinds)!).Select(ProbePlan.ParseKind).Distinct().ToList(),
                Split(parse.GetValue(backends)!).Select(StudyWiring.ParseBackend).ToList(), seedList,
                Training.Scenario.Get(parse.GetValue(scenario)!), training.Read(parse, seedList[0], parse.GetValue(device)!))
            {
                Ks = parse.GetValue(ks) is { } k ? EngineCli.ParseInts(k, "--layers") : null,
                Linear = !parse.GetValue(noLinear),
            };
            var (train, dev, evals) = Sets(fc, ds, r, parse.GetValue(evalSplits)!, err);
            var outDir = parse.GetValue(output)!;
            var toolbox = new LayerToolbox(train, dev, evals, plan, StudyWiring.CreateBackend, outDir, fc.Key.ModelId, new RunContext { CacheKey = fc.Key })
            {
                Progress = new SyncProgress<SweepProgress>(p => err.WriteLine($"probe {p.Run.Name}")),
            };
            var results = toolbox.Probes();
            if (parse.GetValue(weights))
                toolbox.Weights();
            Finish(parse, toolbox, $"{results.Runs.Count} probe runs ({results.Runs.Count(x => x.Run.Reused)} reused), {results.Rows.Count} EER rows in {results.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    static Command Similarity()
    {
        var cache = EngineCli.CacheFolder();
        var other = new Option<string?>("--other-cache") { Description = "A second model's cache (same dataset and utterances): CKA between the two models' layers" };
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var split = new Option<string>("--split", "-s") { Description = "Split whose utterances are compared", DefaultValueFactory = _ => "dev" };
        var unit = new Option<string>("--unit") { Description = "pooled (one row per utterance, frames averaged) | frames (sampled frames)", DefaultValueFactory = _ => "pooled" };
        var frames = new Option<int>("--frames-per-utterance") { Description = "Frames sampled per utterance with --unit frames (evenly spaced)", DefaultValueFactory = _ => 8 };
        var max = new Option<int>("--max-utterances") { Description = "At most this many utterances (evenly spread over the split)", DefaultValueFactory = _ => 400 };
        var output = Out();
        var command = new Command("cka", "Linear CKA between every pair of layers (and with --other-cache between two models' layers); writes cka.csv, cka.png, report.html")
        {
            cache, other, dataset, root, dataHome, split, unit, frames, max, output,
        };
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            var fc = EngineCli.OpenCache(parse.GetValue(cache)!);
            string ds = parse.GetValue(dataset)!, r = EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome)), sp = parse.GetValue(split)!;
            var u = parse.GetValue(unit)!.Trim().ToLowerInvariant() switch
            {
                "pooled" => RepresentationUnit.Pooled,
                "frames" => RepresentationUnit.Frames,
                var t => throw new LayerwiseInputException($"--unit '{t}': expected pooled or frames"),
            };
            var set = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, r, sp, err), sp);
            var plan = new ProbePlan(CachedModelLabels.FamilyOf(fc.Key) ?? "ssl", "", fc.MaxLayers, [], [], [1], Training.Scenario.La19, new TrainingOptions());
            var toolbox = new LayerToolbox(set, set, [], plan, StudyWiring.CreateBackend, parse.GetValue(output)!, fc.Key.ModelId);
            var result = toolbox.Similarity(set, u, parse.GetValue(max), parse.GetValue(frames));
            if (parse.GetValue(other) is { } o)
            {
                var oc = EngineCli.OpenCache(o);
                var otherSet = EngineCli.Set(oc, ds, set.Utterances, sp);
                toolbox.CrossSimilarity(otherSet.Features, oc.Key.ModelId, set, u, parse.GetValue(max), parse.GetValue(frames));
            }
            Finish(parse, toolbox, $"CKA over {result.Items} {(u == RepresentationUnit.Pooled ? "utterances" : "frames")} x {fc.MaxLayers} layers");
            return 0;
        });
        return command;
    }

    static Command Weights()
    {
        var runs = new Option<string>("--runs") { Description = "Folder holding run directories (a sweep's or probe's --out)", Required = true };
        var output = Out();
        var command = new Command("weights", "Layer-weight statistics of finished runs: mean and spread over seeds, per-epoch trajectories, " +
                                             "weights corrected for each layer's BatchNorm scale; writes layer_weight_stats.csv, layer_weight_runs.csv, images, report.html")
        {
            runs, output,
        };
        command.SetAction(parse =>
        {
            var found = LayerWeightStats.FindRuns(parse.GetValue(runs)!).Where(r => r.Config.Spec.BackendLayers.Count > 1).ToList();
            if (found.Count == 0)
                throw new LayerwiseInputException($"{parse.GetValue(runs)}: no finished run over two or more layers here");
            var report = new LayerAnalysisReport(parse.GetValue(output)!, "Layer weights");
            report.AddWeights(found.Select(r => LayerWeightStats.Read(r, StudyWiring.CreateBackend)).ToList());
            string path = report.Save();
            parse.InvocationConfiguration.Output.WriteLine($"{found.Count} runs -> {path}");
            return 0;
        });
        return command;
    }

    static (FeatureSet Train, FeatureSet Dev, IReadOnlyList<FeatureSet> Evals) Sets(FeatureCache fc, string ds, string root, string evalSplits, TextWriter err)
    {
        var train = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, root, "train", err), "train", inMemory: true);
        var dev = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, root, "dev", err), "dev", inMemory: true);
        var evals = Split(evalSplits).Select(s => EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, root, s, err), s, inMemory: true)).ToList();
        return (train, dev, evals);
    }

    static void Finish(ParseResult parse, LayerToolbox toolbox, string summary)
    {
        string path = toolbox.SaveReport();
        var o = parse.InvocationConfiguration.Output;
        o.WriteLine(summary);
        o.WriteLine($"ssl_forward_passes during the analysis: {toolbox.SslForwardPasses.ToString(CultureInfo.InvariantCulture)}");
        o.WriteLine($"report: {path}");
    }

    static IEnumerable<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
