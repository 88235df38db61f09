using System.Text.Json;

namespace Layerwise.Pretraining;

/// <summary>How a model folder written by <see cref="Pretrainer"/> was made: its pretraining.json and pretraining_log.csv.</summary>
public sealed record PretrainedModelInfo(string Folder, string Command, int Steps, int Clusters, double FinalLoss, double FinalMaskedAccuracy,
    double MajorityClassFraction, double WallSeconds, IReadOnlyList<PretrainingStep> Log)
{
    public double ChanceAccuracy => 1.0 / Clusters;

    /// <summary>The pretraining record of <paramref name="folder"/>, or null when it has none (any other checkpoint).</summary>
    public static PretrainedModelInfo? TryRead(string? folder)
    {
        if (folder is null)
            return null;
        string summary = Path.Combine(folder, Pretrainer.SummaryFileName), log = Path.Combine(folder, PretrainingLog.FileName);
        if (!File.Exists(summary) || !File.Exists(log))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(summary));
            var r = doc.RootElement;
            return new PretrainedModelInfo(folder, r.GetProperty("command").GetString() ?? "", r.GetProperty("steps").GetInt32(),
                r.GetProperty("targets").GetProperty("clusters").GetInt32(), r.GetProperty("final_loss").GetDouble(),
                r.GetProperty("final_masked_accuracy").GetDouble(), r.GetProperty("targets").GetProperty("majority_class_fraction").GetDouble(),
                r.GetProperty("wall_seconds").GetDouble(), PretrainingLog.Read(log));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new PretrainingInputException($"{summary}: not a pretraining summary ({e.Message})", e);
        }
    }
}
