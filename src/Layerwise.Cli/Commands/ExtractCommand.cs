using System.CommandLine;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>`layerwise extract`: frozen-SSL hidden states of a dataset into the feature cache (resumable, shardable).</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var dataset = EngineCli.Dataset();
        var root = EngineCli.Root();
        var dataHome = EngineCli.DataHomeOption();
        var splits = new Option<string>("--split", "-s") { Description = "Splits to extract, comma-separated, or 'all'", DefaultValueFactory = _ => "all" };
        var model = EngineCli.Model();
        var random = EngineCli.RandomWeights();
        var modelSeed = EngineCli.ModelSeed();
        var layers = new Option<int?>("--layers", "-L") { Description = "Store layers 1..L (default: all blocks of the model); the SSL is truncated to L blocks" };
        var hidden0 = new Option<bool>("--hidden0") { Description = "Also store hidden_0 (the transformer input)" };
        var cache = new Option<string>("--cache") { Description = "Cache root; the key folder (model + revision + preprocessing + input policy + L) is created under it", Required = true };
        var shard = new Option<string>("--shard") { Description = "Extract only shard k of n (k/n), e.g. one Slurm array task; all shards fill the same key folder", DefaultValueFactory = _ => "1/1" };
        var batch = new Option<int?>("--batch") { Description = "Utterances per SSL forward (equal lengths only, unless --by-length); default 1 on the CPU (batching was no faster there: benchmarks/README.md), 8 on CUDA" };
        var byLength = new Option<bool>("--by-length") { Description = "Sort utterances by length (4 batches at a time) and zero-pad similar lengths (within 1.25x) into one forward where that is exact (layer-norm conv stacks: large / XLS-R models); others still batch equal lengths" };
        var scenario = EngineCli.Scenario();
        var device = EngineCli.Device();
        var dtype = new Option<string>("--dtype") { Description = "Compute dtype of the SSL: float32 (default), bfloat16, float16 (CUDA), int8 (CPU: dynamic int8 GEMMs, docs/int8.md), or auto (bfloat16 where a short probe measures it faster on this CPU, else float32; float32 on CUDA). Other than float32 it is part of the cache key: the features differ by its rounding (bf16: ~1 % relative)", DefaultValueFactory = _ => "float32" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the key folder and the size estimate, extract nothing" };
        var verify = new Option<bool>("--verify") { Description = "Check every entry's size and hash afterwards; delete bad entries (rerun to recompute them)" };
        var mergeFrom = new Option<string[]>("--merge-from") { Description = "Key folders of shards extracted elsewhere: copy their entries into this cache, then exit", AllowMultipleArgumentsPerToken = true };

        var command = new Command("extract",
            "Compute each utterance's SSL hidden states once (eval mode, after the scenario's input policy) and store them fp16 in the cache. " +
            "Rerunning computes only missing entries. Prints JSON: {cache, key, splits:[{split, utterances, in_shard, computed, skipped, ssl_forward_passes, seconds}], size_bytes, verification, keep_freed_memory, dtype}")
        {
            dataset, root, splits, model, random, modelSeed, layers, hidden0, cache, shard, batch, byLength, scenario, device, dtype, dryRun, verify, mergeFrom, dataHome,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var err = parse.InvocationConfiguration.Error;
            string ds = parse.GetValue(dataset)!;
            var sc = EngineCli.ScenarioOf(parse.GetValue(scenario), ds);
            var shardSpec = ShardSpec.Parse(parse.GetValue(shard)!);
            var compute = DTypes.Parse(parse.GetValue(dtype)!, parse.GetValue(device)!);
            string computeName = compute.ToString().ToLowerInvariant(); // as bench's JSON lines name it
            var (ssl, info) = StudyWiring.OpenSsl(parse.GetValue(model), parse.GetValue(layers), parse.GetValue(modelSeed),
                parse.GetValue(device)!, parse.GetValue(random), compute);
            using var _ = ssl;
            if (info.RandomWeights)
                err.WriteLine($"layerwise: NOTE the SSL model '{info.Id}' has RANDOM weights ({info.Revision})");
            var key = new FeatureCacheKey(info.Id, info.Revision, StudyDefaults.Preprocessing, sc.InputPolicy,
                parse.GetValue(layers) ?? ssl.NumLayers, parse.GetValue(hidden0),
                Compute: compute == TorchSharp.torch.ScalarType.Float32 ? null : computeName);
            var fc = FeatureCache.OpenOrCreate(parse.GetValue(cache)!, key, ssl.HiddenSize);

            var merges = parse.GetValue(mergeFrom) ?? [];
            if (merges.Length > 0)
            {
                foreach (var m in merges)
                {
                    var r = fc.MergeFrom(FeatureCache.Open(m));
                    err.WriteLine($"merged {m}: {r.Copied} copied, {r.AlreadyPresent} already present, {r.Bad.Count} bad");
                }
                output.WriteLine(Json.Serialize(new { cache = fc.Folder, key, entries = fc.EntryFiles().Count(), size_bytes = fc.SizeOnDisk() }));
                return 0;
            }

            var reader = DatasetCatalog.Get(ds);
            var splitNames = parse.GetValue(splits) is "all" or null ? reader.Splits : parse.GetValue(splits)!.Split(',', StringSplitOptions.TrimEntries);
            var lists = splitNames.Select(s => (s, EngineCli.ReadSplit(ds, EngineCli.RootOf(ds, parse.GetValue(root), parse.GetValue(dataHome)), s, err))).ToList();
            int framesFixed = HiddenStateExtractor.Wav2Vec2Frames(sc.FixedLength ?? 0);
            var all = lists.SelectMany(l => l.Item2).ToList();
            var estimate = HiddenStateExtractor.Estimate(fc, ds, all,
                u => sc.FixedLength is null ? HiddenStateExtractor.Wav2Vec2Frames((long)(Audio.AudioFile.Info(u.AudioPath).Seconds * 16000)) : framesFixed, shardSpec);
            err.WriteLine($"cache {fc.Folder}");
            err.WriteLine($"shard {shardSpec}: {estimate.Entries} entries, {estimate.Missing} missing; " +
                          $"estimated {Mib(estimate.TotalBytes)} in total, {Mib(estimate.MissingBytes)} to write; " +
                          (estimate.FreeBytes >= 0 ? $"{Mib(estimate.FreeBytes)} free" : "free space unknown"));
            if (!estimate.FitsOnDisk)
                throw new LayerwiseInputException($"{fc.Folder}: not enough free space ({Mib(estimate.MissingBytes)} needed, {Mib(estimate.FreeBytes)} free); " +
                                                  "use a bigger disk, --shard, or train cache-less");
            if (parse.GetValue(dryRun))
            {
                output.WriteLine(Json.Serialize(new { cache = fc.Folder, key, estimate }));
                return 0;
            }
            int batchSize = parse.GetValue(batch) ?? ExtractionOptions.DefaultBatchSize(ssl.Device);
            if (batchSize < 1)
                throw new LayerwiseInputException($"--batch {batchSize}: expected a positive number of utterances per forward");
            var reports = new List<object>();
            foreach (var (split, utts) in lists)
            {
                var r = EngineCli.WithProgress(err, $"{ds}/{split}", p => HiddenStateExtractor.Extract(ssl, fc, ds, utts,
                    u => StudyWiring.LoadWave(u, sc), new ExtractionOptions(batchSize, shardSpec, ByLength: parse.GetValue(byLength)), p));
                reports.Add(new { split, utterances = r.Total, in_shard = r.InShard, computed = r.Computed, skipped = r.Skipped,
                    ssl_forward_passes = r.SslForwardPasses, seconds = Math.Round(r.Elapsed.TotalSeconds, 2) });
            }
            object? verification = null;
            if (parse.GetValue(verify))
            {
                var v = fc.Verify(removeBad: true);
                verification = new { good = v.Good, bad = v.Bad };
            }
            output.WriteLine(Json.Serialize(new { cache = fc.Folder, key, splits = reports, size_bytes = fc.SizeOnDisk(), verification,
                keep_freed_memory = Runtime.NativeHeap.IsTuned, dtype = computeName }));
            return 0;
        });
        return command;
    }

    static string Mib(long bytes) => $"{bytes / 1048576.0:F1} MiB";
}
