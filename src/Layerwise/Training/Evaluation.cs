using TorchSharp;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Layerwise.Data;
using Layerwise.IO;
using Layerwise.Models.Backends;

namespace Layerwise.Training;

/// <summary>One scored utterance; <see cref="Score"/> is the bona fide logit (output index 1), as in the paper.</summary>
public sealed record ScoredUtterance(Utterance Utterance, double Score);

/// <summary>EER of one spoofing attack (its spoof trials against all bona fide trials of the set).</summary>
public sealed record AttackMetrics(
    [property: JsonPropertyName("attack")] string Attack,
    [property: JsonPropertyName("spoof_trials")] int SpoofTrials,
    [property: JsonPropertyName("eer_percent")] double EerPercent,
    [property: JsonPropertyName("seen_in_training")] bool SeenInTraining);

/// <summary>Metrics of one scored set.</summary>
public sealed record SetMetrics(
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("trials")] int Trials,
    [property: JsonPropertyName("bonafide")] int Bonafide,
    [property: JsonPropertyName("spoof")] int Spoof,
    [property: JsonPropertyName("eer_percent")] double EerPercent,
    [property: JsonPropertyName("eer_threshold")] double EerThreshold,
    [property: JsonPropertyName("per_attack")] IReadOnlyList<AttackMetrics> PerAttack)
{
    /// <summary>The paper's own EER (scikit-learn det_curve, reference 5.1), for comparison with its tables.</summary>
    [JsonPropertyName("eer_sklearn_percent")] public double? EerSklearnPercent { get; init; }
}

/// <summary>Scoring, metrics and ASVspoof-format score files.</summary>
public static class Evaluation
{
    public const string EerDefinition =
        "official ASVspoof EER (ASVspoof 2019/2021 evaluation package: one DET point per trial, Layerwise.Metrics.Eer.Compute); " +
        "score = bona fide logit, higher = more bona fide";

    /// <summary>Scores every utterance of <paramref name="set"/> (eval mode, no gradients) with the first <paramref name="numLayers"/> layers.</summary>
    public static IReadOnlyList<ScoredUtterance> Score(LayerwiseBackend backend, FeatureSet set, int numLayers, int batchSize = 32, string device = "cpu")
    {
        var dev = Runtime.Devices.Resolve(device);
        backend.to(dev);
        var (_, scores) = Trainer.Evaluate(backend, set, numLayers, null, batchSize, dev);
        return set.Utterances.Select((u, i) => new ScoredUtterance(u, scores[i])).ToList();
    }

    /// <summary>Pooled EER plus one EER per attack. <paramref name="seenAttacks"/> marks attacks present in training.</summary>
    public static SetMetrics Compute(string setName, IReadOnlyList<ScoredUtterance> scores, EerFunction eer, IReadOnlySet<string>? seenAttacks = null)
    {
        Metrics.FiniteScores.Require($"set '{setName}'", scores.Select(s => s.Score).ToList(),
            i => $"utterance '{scores[i].Utterance.Id}' ({scores[i].Utterance.AudioPath})");
        var bona = scores.Where(s => s.Utterance.Label == Label.Bonafide).Select(s => s.Score).ToList();
        var spoof = scores.Where(s => s.Utterance.Label == Label.Spoof).ToList();
        if (bona.Count == 0 || spoof.Count == 0)
            throw new LayerwiseInputException($"set '{setName}': an EER needs bona fide and spoof trials (got {bona.Count} and {spoof.Count})");
        var pooled = eer(bona, spoof.Select(s => s.Score).ToList());
        var perAttack = spoof.GroupBy(s => s.Utterance.Attack).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AttackMetrics(g.Key, g.Count(), 100 * eer(bona, g.Select(s => s.Score).ToList()).Eer,
                seenAttacks?.Contains(g.Key) ?? false))
            .ToList();
        return new SetMetrics(setName, scores.Count, bona.Count, spoof.Count, 100 * pooled.Eer, pooled.Threshold, perAttack)
        {
            EerSklearnPercent = 100 * Metrics.Eer.ComputeSklearn(bona, spoof.Select(s => s.Score).ToList()).Eer,
        };
    }

    /// <summary>Writes "utt_id score" lines (the ASVspoof submission format).</summary>
    public static void WriteScores(string path, IReadOnlyList<ScoredUtterance> scores) =>
        Write(path, scores, s => $"{s.Utterance.Id} {FormatScore(s.Score)}");

    /// <summary>Writes "utt_id label score" lines (label bonafide|spoof, as the paper's evaluate_*.py write them).</summary>
    public static void WriteLabelledScores(string path, IReadOnlyList<ScoredUtterance> scores) =>
        Write(path, scores, s => $"{s.Utterance.Id} {(s.Utterance.Label == Label.Bonafide ? "bonafide" : "spoof")} {FormatScore(s.Score)}");

    /// <summary>Scores are float32 logits; "R" round-trips them exactly, so equal runs give byte-equal files.</summary>
    public static string FormatScore(double score) => ((float)score).ToString("R", CultureInfo.InvariantCulture);

    static void Write(string path, IReadOnlyList<ScoredUtterance> scores, Func<ScoredUtterance, string> line)
    {
        var sb = new StringBuilder();
        foreach (var s in scores)
            sb.Append(line(s)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
