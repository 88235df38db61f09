using System.CommandLine;
using System.Globalization;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>The training options every training command accepts (defaults = the paper's, see TrainingOptions).</summary>
internal sealed class TrainingCliOptions
{
    readonly Option<int> epochs = new("--epochs") { Description = "Maximum epochs", DefaultValueFactory = _ => 50 };
    readonly Option<int> patience = new("--patience") { Description = "Early stopping: epochs without a lower dev loss", DefaultValueFactory = _ => 10 };
    readonly Option<int> batch = new("--batch-size") { Description = "Batch size (train and dev)", DefaultValueFactory = _ => 32 };
    readonly Option<double> lr = new("--lr") { Description = "Adam learning rate (constant; the reference's warm-up is never invoked)", DefaultValueFactory = _ => 1e-4 };
    readonly Option<double> wd = new("--weight-decay") { Description = "Adam weight decay", DefaultValueFactory = _ => 1e-4 };
    readonly Option<string?> weights = new("--class-weights") { Description = "Cross-entropy weights 'spoof,bonafide' (default: the scenario's, e.g. LA19 0.1,0.9)" };
    readonly Option<bool> noShuffle = new("--no-shuffle") { Description = "Do not shuffle the training set (the reference shuffles only on CUDA)" };
    readonly Option<bool> keepEpochs = new("--keep-epoch-checkpoints") { Description = "Keep a checkpoint per epoch (default: last and best only)" };

    public IEnumerable<Option> All => [epochs, patience, batch, lr, wd, weights, noShuffle, keepEpochs];

    /// <summary>Adds <see cref="All"/> to <paramref name="command"/> (train, sweep and analyze probe share them).</summary>
    public void AddTo(Command command)
    {
        foreach (var o in All)
            command.Options.Add(o);
    }

    public TrainingOptions Read(ParseResult parse, int seed, string device)
    {
        double[]? cw = null;
        if (parse.GetValue(weights) is { } text)
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) || s < 0 || b < 0)
                throw new LayerwiseInputException($"--class-weights '{text}': expected two non-negative numbers 'spoof,bonafide', e.g. 0.1,0.9");
            cw = [s, b];
        }
        int e = parse.GetValue(epochs), p = parse.GetValue(patience), bs = parse.GetValue(batch);
        if (e < 1 || p < 1 || bs < 1)
            throw new LayerwiseInputException("--epochs, --patience and --batch-size must be positive");
        return new TrainingOptions
        {
            ClassWeights = cw,
            LearningRate = parse.GetValue(lr),
            WeightDecay = parse.GetValue(wd),
            BatchSize = bs,
            EvalBatchSize = bs,
            MaxEpochs = e,
            Patience = p,
            Seed = seed,
            Shuffle = !parse.GetValue(noShuffle),
            KeepEpochCheckpoints = parse.GetValue(keepEpochs),
            Device = device,
        };
    }
}
