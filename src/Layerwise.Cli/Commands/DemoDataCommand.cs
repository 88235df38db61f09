using System.CommandLine;
using System.Diagnostics;
using Layerwise.Data.Demo;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise demo-data`: writes (or reuses) the deterministic synthetic demo corpus and prints a JSON summary.</summary>
internal static class DemoDataCommand
{
    public static Command Create()
    {
        var defaults = new DemoCorpusOptions();
        var output = new Option<string>("--out") { Description = "Folder to write the corpus into (created; an existing demo corpus is reused or replaced)", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and options give byte-identical files", DefaultValueFactory = _ => defaults.Seed };
        var scenario = new Option<string>("--scenario") { Description = "la | partial | song | scene | multilingual", DefaultValueFactory = _ => "la" };
        scenario.AcceptOnlyFromAmong("la", "partial", "song", "scene", "multilingual");
        var train = new Option<int>("--train") { Description = "Train utterances", DefaultValueFactory = _ => defaults.TrainUtterances };
        var dev = new Option<int>("--dev") { Description = "Dev utterances", DefaultValueFactory = _ => defaults.DevUtterances };
        var eval = new Option<int>("--eval") { Description = "Eval (song: test) utterances", DefaultValueFactory = _ => defaults.EvalUtterances };
        var bonafide = new Option<double>("--bonafide-fraction") { Description = "Fraction of bona fide utterances per split", DefaultValueFactory = _ => defaults.BonafideFraction };
        var speakers = new Option<int>("--speakers") { Description = "Speakers per split (disjoint across splits)", DefaultValueFactory = _ => defaults.SpeakersPerSplit };
        var trainAttacks = new Option<int>("--train-attacks") { Description = "Attacks A01..An used in train and dev", DefaultValueFactory = _ => defaults.TrainAttacks };
        var evalAttacks = new Option<int>("--eval-attacks") { Description = "Attacks A01..An used in eval", DefaultValueFactory = _ => defaults.EvalAttacks };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Shortest utterance", DefaultValueFactory = _ => defaults.MinSeconds };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Longest utterance", DefaultValueFactory = _ => defaults.MaxSeconds };
        var audio = new Option<string>("--audio") { Description = "wav | flac (16 kHz 16-bit mono either way)", DefaultValueFactory = _ => "wav" };
        audio.AcceptOnlyFromAmong("wav", "flac");
        var force = new Option<bool>("--force") { Description = "Rebuild even if a complete corpus with the same options exists" };

        var command = new Command("demo-data", "Write the deterministic SYNTHETIC demo corpus in a real dataset's layout (JSON summary on stdout)")
        {
            output, seed, scenario, train, dev, eval, bonafide, speakers, trainAttacks, evalAttacks, minSeconds, maxSeconds, audio, force,
        };
        command.SetAction(parse =>
        {
            var options = new DemoCorpusOptions
            {
                Seed = parse.GetValue(seed),
                Scenario = Enum.Parse<DemoScenario>(parse.GetValue(scenario)!, ignoreCase: true),
                TrainUtterances = parse.GetValue(train),
                DevUtterances = parse.GetValue(dev),
                EvalUtterances = parse.GetValue(eval),
                BonafideFraction = parse.GetValue(bonafide),
                SpeakersPerSplit = parse.GetValue(speakers),
                TrainAttacks = parse.GetValue(trainAttacks),
                EvalAttacks = parse.GetValue(evalAttacks),
                MinSeconds = parse.GetValue(minSeconds),
                MaxSeconds = parse.GetValue(maxSeconds),
                AudioFormat = Enum.Parse<DemoAudioFormat>(parse.GetValue(audio)!, ignoreCase: true),
            };
            string root = parse.GetValue(output)!;
            var watch = Stopwatch.StartNew();
            var info = parse.GetValue(force) ? DemoCorpus.Create(root, options) : DemoCorpus.EnsureCreated(root, options);
            watch.Stop();
            var summary = new Dictionary<string, object>
            {
                ["synthetic"] = true,
                ["root"] = info.Root,
                ["dataset"] = info.DatasetId,
                ["scenario"] = options.Scenario.ToString().ToLowerInvariant(),
                ["seed"] = options.Seed,
                ["audio"] = options.AudioFormat.ToString().ToLowerInvariant(),
                ["reused"] = info.Reused,
                ["files"] = info.Files,
                ["bytes"] = info.Bytes,
                ["tree_hash"] = info.TreeHash,
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
                ["splits"] = info.Splits.ToDictionary(s => s.Split, s => (object)new Dictionary<string, object>
                {
                    ["utterances"] = s.Utterances,
                    ["bonafide"] = s.Bonafide,
                    ["spoof"] = s.Spoof,
                    ["attacks"] = s.Attacks,
                }),
            };
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(summary));
            return LayerwiseCli.ExitOk;
        });
        return command;
    }
}
