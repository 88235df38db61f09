using System.CommandLine;
using System.Globalization;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise score --run DIR AUDIO...`: single-file inference with a finished run.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A finished run directory", Required = true };
        var files = new Argument<string[]>("audio") { Description = "Audio files (any length; WAV/FLAC, resampled to 16 kHz mono)", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string?>("--model", "-m") { Description = "SSL model folder (default: the one recorded in the run's config.json)" };
        var full = new Option<bool>("--full") { Description = "Score the whole file instead of the run's input policy (head crop / tile to 64,600 samples)" };
        var device = EngineCli.Device();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("score",
            "Score audio files with a run: prints the run, its decision threshold (dev-set EER threshold; bona fide if score > threshold) and " +
            "softmax layer weights, then one line per file: '<score>\\t<bonafide|spoof>\\t<path>' (score = bona fide logit)")
        {
            run, files, model, full, device, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var dir = parse.GetValue(run)!;
            var configPath = Path.Combine(dir, "config.json");
            if (!File.Exists(configPath))
                throw new LayerwiseInputException($"{dir}: no config.json (not a run directory)");
            var config = RunDirectory.ReadJson<RunConfig>(configPath);
            // The SSL the features came from: --model, else config.json's ssl_model, else the cache key.
            string? recordedId = config.SslModel?.Id ?? config.CacheKey?.ModelId;
            string? recordedRevision = config.SslModel?.Revision ?? config.CacheKey?.Revision;
            string? modelSpec = parse.GetValue(model) ?? recordedId
                ?? throw new LayerwiseInputException($"{configPath}: no SSL model recorded; pass --model");
            bool random = parse.GetValue(model) is null && recordedRevision?.StartsWith("random:", StringComparison.Ordinal) == true;
            int seed = random ? RandomSeedOf(recordedRevision!) : 0;
            // The features' compute dtype too (extract --dtype): a bf16 cache's run scores through the SSL in bf16.
            var compute = config.CacheKey?.Compute is { } c ? DTypes.Parse(c, parse.GetValue(device)!) : TorchSharp.torch.ScalarType.Float32;
            var (ssl, sslInfo) = StudyWiring.OpenSsl(modelSpec, config.Spec.NumLayers, seed, parse.GetValue(device)!, random, compute);
            using var _ = ssl;
            using var scorer = RunScorer.Open(dir, ssl, StudyWiring.CreateBackend);
            var results = new List<(string Path, FileScore Score)>();
            foreach (var path in parse.GetValue(files)!)
            {
                var wave = Audio.AudioFile.ReadMono(path);
                if (!parse.GetValue(full) && config.Spec.Scenario.FixedLength is int n)
                    wave = StudyWiring.ApplyFixedLength(wave, n, path);
                try { results.Add((path, scorer.Score(wave))); }
                catch (Models.Ssl.SslInputException e) { throw new Audio.AudioFormatException(path, e.Message, e); }
            }
            var weights = scorer.SoftmaxLayerWeights;
            if (parse.GetValue(json))
            {
                output.WriteLine(Json.Serialize(new
                {
                    run = Path.GetFullPath(dir),
                    backend = Sweep.BackendLabel(config.Spec.Backend),
                    n_layers = config.Spec.NumLayers,
                    ssl_model = sslInfo,
                    threshold = scorer.Threshold,
                    threshold_source = "dev-set EER threshold (official ASVspoof EER); bonafide if score > threshold",
                    softmax_layer_weights = weights,
                    files = results.Select(r => new { path = r.Path, score = r.Score.Score, decision = r.Score.Decision, samples = r.Score.Samples, frames = r.Score.Frames }),
                }));
                return 0;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# run {Path.GetFullPath(dir)}: {Sweep.BackendLabel(config.Spec.Backend)}, n_layers {config.Spec.NumLayers}, seed {config.Spec.Seed}, SSL {sslInfo.Id}{(sslInfo.RandomWeights ? " (RANDOM weights)" : "")}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# threshold {scorer.Threshold:R} (dev-set EER threshold; bonafide if score > threshold)"));
            output.WriteLine("# layer weights (softmax): " + string.Join("  ", weights.Select((w, k) => string.Create(CultureInfo.InvariantCulture, $"L{k + 1} {w:F4}"))));
            foreach (var (path, s) in results)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Score:F6}\t{s.Decision}\t{path}"));
            return 0;
        });
        return command;
    }

    /// <summary>"random:seed=N:..." → N.</summary>
    static int RandomSeedOf(string revision)
    {
        foreach (var part in revision.Split(':'))
            if (part.StartsWith("seed=", StringComparison.Ordinal) && int.TryParse(part[5..], CultureInfo.InvariantCulture, out int s))
                return s;
        return 0;
    }
}
