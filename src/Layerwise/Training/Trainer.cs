using System.Diagnostics;
using System.Globalization;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.IO;
using Layerwise.Models.Backends;
using TorchSharp;

namespace Layerwise.Training;

/// <summary>
/// Trains a back-end on cached (or live) features as the paper's code does: class-weighted cross-entropy,
/// Adam at a constant learning rate, early stopping on dev loss, best checkpoint by dev loss, a checkpoint
/// every epoch. Resumes from checkpoints/ when a previous attempt was interrupted. Deterministic on the CPU:
/// the caller seeds torch before building the back-end, and every epoch reseeds torch (dropout) and the
/// shuffle from (seed, epoch), so an interrupted-and-resumed run equals an uninterrupted one.
/// </summary>
public static class Trainer
{
    public static TrainingState Train(
        LayerwiseBackend backend, FeatureSet train, FeatureSet dev, int numLayers, double[] classWeights,
        TrainingOptions options, RunDirectory run, EerFunction? devEer = null,
        IProgress<EpochRecord>? progress = null, CancellationToken cancellationToken = default)
    {
        if (classWeights.Length != 2)
            throw new ArgumentException("class weights are [spoof, bona fide]");
        if (train.Utterances.Count == 0 || dev.Utterances.Count == 0)
            throw new LayerwiseInputException($"training needs non-empty train and dev sets (got {train.Utterances.Count} and {dev.Utterances.Count})");
        var device = Runtime.Devices.Resolve(options.Device);
        backend.to(device);
        var parameters = backend.parameters().Where(p => p.requires_grad).ToList();
        var optimizer = torch.optim.Adam(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
        using var weight = torch.tensor(classWeights, torch.float32).to(device);

        var state = TrainingState.Fresh;
        if (File.Exists(run.StatePath))
        {
            state = RunDirectory.ReadJson<TrainingState>(run.StatePath);
            if (state.EpochsCompleted > 0)
            {
                backend.load(run.LastModelPath);
                optimizer.load_state_dict(run.LastOptimizerPath);
                run.Log($"resumed after epoch {state.EpochsCompleted} (best dev loss {F(state.BestDevLoss)} at epoch {state.BestEpoch})");
            }
        }
        if (state.Finished)
            return state;

        var history = state.History.ToList();
        using var trainBatches = BatchSource.For(train, numLayers, device);
        using var devBatches = BatchSource.For(dev, numLayers, device);
        for (int epoch = state.EpochsCompleted + 1; epoch <= options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            long sslBefore = SslForwardCounter.Batches;
            torch.manual_seed(ShuffleRng.TorchSeed(options.Seed, epoch));
            var order = options.Shuffle
                ? ShuffleRng.Permutation(train.Utterances.Count, options.Seed, epoch)
                : Enumerable.Range(0, train.Utterances.Count).ToArray();

            backend.train();
            double lossSum = 0;
            int seen = 0, batches = 0;
            foreach (var chunk in FeatureBatches.Chunks(order, options.BatchSize))
            {
                if (options.MaxBatchesPerEpoch is int maxB && batches >= maxB)
                    break;
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var (x, y) = trainBatches.Build(chunk);
                optimizer.zero_grad();
                var logits = backend.forward(x);
                var loss = torch.nn.functional.cross_entropy(logits, y, weight);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * chunk.Length;
                seen += chunk.Length;
                batches++;
            }

            var (devLoss, devScores) = Evaluate(backend, dev, devBatches, weight, options.EvalBatchSize);
            double? devEerPercent = null;
            if (devEer is not null)
            {
                var (bona, spoof) = Split(dev.Utterances, devScores);
                if (bona.Count > 0 && spoof.Count > 0)
                    devEerPercent = 100 * devEer(bona, spoof).Eer;
            }
            var (raw, soft) = LayerWeights(backend);
            bool improved = devLoss < state.BestDevLoss;
            int bad = improved ? 0 : state.EpochsWithoutImprovement + 1;
            var record = new EpochRecord(epoch, lossSum / Math.Max(1, seen), devLoss, devEerPercent, raw, soft,
                clock.Elapsed.TotalSeconds, SslForwardCounter.Batches - sslBefore, improved);
            history.Add(record);

            // Checkpoint files first, state.json last: the state names only files that exist whole.
            if (improved)
                AtomicFile.Write(run.BestModelPath, p => backend.save(p));
            AtomicFile.Write(run.LastModelPath, p => backend.save(p));
            AtomicFile.Write(run.LastOptimizerPath, p => optimizer.save_state_dict(p));
            if (options.KeepEpochCheckpoints)
                File.Copy(run.LastModelPath, run.EpochModelPath(epoch), overwrite: true);

            string? stop = bad >= options.Patience ? $"early stop: {bad} epochs without a lower dev loss"
                : epoch == options.MaxEpochs ? $"reached max epochs ({options.MaxEpochs})" : null;
            state = new TrainingState(epoch, improved ? devLoss : state.BestDevLoss, improved ? epoch : state.BestEpoch,
                bad, stop is not null, stop, history);
            run.WriteJson(run.StatePath, state);
            WriteLayerWeights(run.LayerWeightsPath, numLayers, history); // rebuilt from the committed history: never a torn or doubled epoch
            run.Log($"epoch {epoch}: train_loss {F(record.TrainLoss)} dev_loss {F(devLoss)}" +
                    (devEerPercent is double e ? $" dev_eer {e.ToString("F3", CultureInfo.InvariantCulture)}%" : "") +
                    $" ssl_forward_passes {record.SslForwardPasses} {(improved ? "(best)" : "")} " +
                    $"softmax_weights [{string.Join(" ", soft.Select(w => w.ToString("F4", CultureInfo.InvariantCulture)))}]");
            progress?.Report(record);
            if (stop is not null)
            {
                run.Log(stop);
                break;
            }
        }
        return state;
    }

    /// <summary>Weighted-CE loss (sample-weighted mean over batches) and bona fide logits, in set order.</summary>
    internal static (double Loss, double[] Scores) Evaluate(LayerwiseBackend backend, FeatureSet set, int numLayers,
        torch.Tensor? weight, int batchSize, torch.Device device)
    {
        using var batches = BatchSource.For(set, numLayers, device);
        return Evaluate(backend, set, batches, weight, batchSize);
    }

    static (double Loss, double[] Scores) Evaluate(LayerwiseBackend backend, FeatureSet set, BatchSource batches,
        torch.Tensor? weight, int batchSize)
    {
        backend.eval();
        using var noGrad = torch.no_grad();
        var scores = new double[set.Utterances.Count];
        double lossSum = 0;
        var order = Enumerable.Range(0, set.Utterances.Count).ToArray();
        foreach (var chunk in FeatureBatches.Chunks(order, batchSize))
        {
            using var scope = torch.NewDisposeScope();
            var (x, y) = batches.Build(chunk);
            var logits = backend.forward(x);
            if (weight is not null)
                lossSum += torch.nn.functional.cross_entropy(logits, y, weight).item<float>() * chunk.Length;
            var bona = logits[.., 1].to(torch.float32).cpu().data<float>().ToArray();
            for (int i = 0; i < chunk.Length; i++)
                scores[chunk[i]] = bona[i];
        }
        // Validation policy: a NaN score names its set, utterance and feature source before any metric sees it.
        Metrics.FiniteScores.Require($"{set.Features.Description}, set '{set.Name}'", scores,
            i => $"utterance '{set.Utterances[i].Id}' ({set.Utterances[i].AudioPath})");
        return (lossSum / Math.Max(1, set.Utterances.Count), scores);
    }

    internal static (List<double> Bona, List<double> Spoof) Split(IReadOnlyList<Utterance> utterances, IReadOnlyList<double> scores)
    {
        var bona = new List<double>();
        var spoof = new List<double>();
        for (int i = 0; i < utterances.Count; i++)
            (utterances[i].Label == Label.Bonafide ? bona : spoof).Add(scores[i]);
        return (bona, spoof);
    }

    /// <summary>Raw (the reference's <c>weight_hidd</c>, as its writer.txt logs) and softmax layer weights.</summary>
    public static (double[] Raw, double[] Softmax) LayerWeights(LayerwiseBackend backend)
    {
        using var scope = torch.NewDisposeScope();
        var soft = backend.LayerWeights().to(torch.float64).cpu().data<double>().ToArray();
        var raw = backend.RawLayerWeights().to(torch.float64).cpu().data<double>().ToArray();
        return (raw, soft);
    }

    static void WriteLayerWeights(string path, int numLayers, IEnumerable<EpochRecord> history)
    {
        var sb = new System.Text.StringBuilder("epoch,kind," + string.Join(",", Enumerable.Range(1, numLayers).Select(k => $"layer_{k}")) + "\n");
        foreach (var e in history)
            sb.Append(CultureInfo.InvariantCulture, $"{e.Epoch},raw,{string.Join(",", e.RawLayerWeights.Select(F))}\n{e.Epoch},softmax,{string.Join(",", e.SoftmaxLayerWeights.Select(F))}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
