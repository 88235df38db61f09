using System.CommandLine;
using System.Globalization;
using Layerwise.Data.Demo;
using Layerwise.Pretraining;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise pretrain`: HuBERT-style pretraining (first iteration) of the tiny HuBERT on a folder of audio;
/// a missing or empty corpus folder gets the deterministic synthetic pretraining corpus. JSON summary on stdout.</summary>
internal static class PretrainCommand
{
    public static Command Create()
    {
        var defaults = new PretrainingOptions();
        var corpus = new Option<string>("--corpus") { Description = "Folder of WAV/FLAC files (searched recursively); missing or empty: the synthetic pretraining corpus is written there", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Model folder to write (config.json, model.safetensors, pretraining.json, pretraining_log.csv)", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the k-means, initialisation, crops and masks", DefaultValueFactory = _ => defaults.Seed };
        var steps = new Option<int>("--steps") { Description = "Training steps (the run is bounded by steps, so it is deterministic)", DefaultValueFactory = _ => defaults.Steps };
        var minutes = new Option<double?>("--minutes") { Description = "Also stop after this many minutes (the result then depends on the machine's speed)" };
        var clusters = new Option<int>("--clusters", "-k") { Description = "k-means targets", DefaultValueFactory = _ => defaults.Clusters };
        var batch = new Option<int>("--batch-size") { Description = "Crops per step", DefaultValueFactory = _ => defaults.BatchSize };
        var threads = new Option<int>("--threads") { Description = "Torch threads (reproducing the bytes needs the same count)", DefaultValueFactory = _ => defaults.Threads };
        var command = new Command("pretrain",
            "HuBERT pretraining (first iteration: k-means targets over MFCC frames, span masking, masked prediction with cosine logits / 0.1) " +
            "of the tiny HuBERT; writes a Hugging Face model folder that --model accepts")
        {
            corpus, output, seed, steps, minutes, clusters, batch, threads,
        };
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            string corpusDir = parse.GetValue(corpus)!;
            string outDir = parse.GetValue(output)!;
            if (!Directory.Exists(corpusDir) || !Directory.EnumerateFileSystemEntries(corpusDir).Any())
            {
                var info = DemoPretrainCorpus.EnsureCreated(corpusDir);
                err.WriteLine($"pretraining corpus: {info.Root} ({(info.Reused ? "reused" : "created")}; SYNTHETIC, {info.Speakers} speakers, {info.Utterances} utterances, {info.Seconds / 60:0.0} min)");
            }
            var inv = CultureInfo.InvariantCulture;
            var options = new PretrainingOptions
            {
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps),
                MaxMinutes = parse.GetValue(minutes),
                Clusters = parse.GetValue(clusters),
                BatchSize = parse.GetValue(batch),
                Threads = parse.GetValue(threads),
            };
            options = options with
            {
                Command = $"layerwise pretrain --corpus {corpusDir} --out {outDir} --seed {options.Seed} --steps {options.Steps} --clusters {options.Clusters} --batch-size {options.BatchSize}" +
                          $" --threads {options.Threads}" + (options.MaxMinutes is double m ? $" --minutes {m.ToString(inv)}" : ""),
            };
            int every = Math.Max(1, options.Steps / 30);
            var result = Pretrainer.Run(corpusDir, outDir, options, s => err.WriteLine(s),
                new SyncProgress<PretrainingStep>(s =>
                {
                    if (s.Step % every == 0 || s.Step == 1)
                        err.WriteLine(string.Create(inv, $"step {s.Step}/{options.Steps}  loss {s.Loss:F3}  masked acc {s.MaskedAccuracy:F3}  masked {s.MaskedFraction:P0}  lr {s.LearningRate:G3}"));
                }));
            var summary = new Dictionary<string, object>
            {
                ["model"] = result.Folder,
                ["steps"] = result.Log.Count,
                ["stopped_by"] = result.StoppedBy,
                ["final_loss"] = Math.Round(result.FinalLoss, 4),
                ["final_masked_accuracy"] = Math.Round(result.FinalMaskedAccuracy, 4),
                ["chance_accuracy"] = 1.0 / result.Clusters,
                ["majority_class_fraction"] = Math.Round(result.MajorityBaseline, 4),
                ["wall_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            };
            parse.InvocationConfiguration.Output.WriteLine(Json.Serialize(summary));
            return 0;
        });
        return command;
    }
}
