namespace Layerwise.Metrics;

/// <summary>Scores must be finite before any metric sees them; a NaN is reported with the set, the utterance and
/// where its input came from, not as "score #i" of an anonymous list.</summary>
public static class FiniteScores
{
    /// <summary>Throws <see cref="LayerwiseInputException"/> at the first NaN score (infinities are valid scores).
    /// <paramref name="describe"/> names item i (e.g. "utterance 'LA_E_1' (audio/LA_E_1.flac)").</summary>
    public static void Require(string source, IReadOnlyList<double> scores, Func<int, string> describe)
    {
        for (int i = 0; i < scores.Count; i++)
            if (double.IsNaN(scores[i]))
                throw new LayerwiseInputException(
                    $"{source}: the score of {describe(i)} is NaN (non-finite features or model weights; check them with `layerwise extract --verify`)");
    }
}
