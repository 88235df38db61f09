using System.CommandLine;
using Layerwise.Features;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise eval`: score another cached set with a finished run (e.g. LA21/DF21 with the LA19 model).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A finished run directory (from train or sweep)", Required = true };
        var cache = EngineCli.CacheFolder();
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var split = new Option<string>("--split", "-s") { Description = "Split to score", DefaultValueFactory = _ => "eval" };
        var name = new Option<string?>("--name") { Description = "Set name for the files (default <dataset>-<split>)" };
        var command = new Command("eval",
            "Score a cached split with a run's best checkpoint: writes <run>/scores/<name>.scores.txt ('utt score') and " +
            "<name>.labelled.txt ('utt label score'), <run>/eval_<name>.json; prints the metrics JSON (official ASVspoof EER, per attack)")
        {
            run, cache, dataset, root, split, name, dataHome,
        };
        command.SetAction(parse =>
        {
            var dir = new RunDirectory(parse.GetValue(run)!);
            if (!File.Exists(dir.ConfigPath) || !File.Exists(dir.BestModelPath))
                throw new LayerwiseInputException($"{dir.Path}: not a trained run (config.json and best.pt are needed)");
            var config = RunDirectory.ReadJson<RunConfig>(dir.ConfigPath);
            var fc = EngineCli.OpenCache(parse.GetValue(cache)!);
            if (config.CacheKey is { } k && (k with { Layers = fc.Key.Layers }) != (fc.Key with { Layers = k.Layers }))
                throw new LayerwiseInputException($"{fc.Folder}: features of {fc.Key.ModelId}/{fc.Key.InputPolicy}, the run was trained on {k.ModelId}/{k.InputPolicy}");
            string ds = parse.GetValue(dataset)!, sp = parse.GetValue(split)!;
            var setName = parse.GetValue(name) ?? $"{ds}-{sp}";
            var set = EngineCli.Set(fc, ds, EngineCli.ReadSplit(ds, EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome)), sp, parse.InvocationConfiguration.Error), setName);
            using var backend = StudyWiring.CreateBackend(config.Spec.Backend, config.HiddenSize, config.Spec.NumLayers);
            backend.load(dir.BestModelPath);
            var scores = Evaluation.Score(backend, set, config.Spec.NumLayers, config.Spec.Training.EvalBatchSize, config.Spec.Training.Device);
            Evaluation.WriteScores(dir.ScoresPath(setName), scores);
            Evaluation.WriteLabelledScores(dir.LabelledScoresPath(setName), scores);
            var metrics = Evaluation.Compute(setName, scores, (b, s) => Metrics.Eer.Compute(b, s));
            var path = Path.Combine(dir.Path, $"eval_{FeatureCache.SafeName(setName)}.json");
            dir.WriteJson(path, new { eer_definition = Evaluation.EerDefinition, metrics });
            dir.Log($"eval {setName}: EER {metrics.EerPercent:F3}% ({scores.Count} trials)");
            parse.InvocationConfiguration.Output.WriteLine(File.ReadAllText(path).TrimEnd());
            return 0;
        });
        return command;
    }
}
