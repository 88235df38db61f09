using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>
/// Joins scores to their keys by utterance id, never by position: a score whose id is not in the protocol, an
/// unscored protocol entry (unless allowed), a duplicate id or a label that contradicts the protocol is an error that
/// names the file and line. The result keeps the score file's order.
/// </summary>
public static class ProtocolJoin
{
    public static IReadOnlyList<LabelledScore> Join(
        IReadOnlyList<ScoreLine> scores, IReadOnlyList<ProtocolEntry> protocol, JoinOptions? options = null)
    {
        options ??= new JoinOptions();
        var byId = new Dictionary<string, ProtocolEntry>(protocol.Count, StringComparer.Ordinal);
        foreach (var e in protocol)
            if (!byId.TryAdd(e.UttId, e))
                throw new ScoreFileException(Name(e.Source, "protocol"), e.Line,
                    $"utterance '{e.UttId}' listed twice (first on line {byId[e.UttId].Line})");

        var result = new List<LabelledScore>(scores.Count);
        var scored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            if (!byId.TryGetValue(s.UttId, out var key))
                throw new ScoreFileException(Name(s.Source, "scores"), s.Line,
                    $"utterance '{s.UttId}' is not in the protocol {Name(protocol.Count > 0 ? protocol[0].Source : "", "")}".TrimEnd());
            if (!scored.Add(s.UttId))
                throw new ScoreFileException(Name(s.Source, "scores"), s.Line, $"utterance '{s.UttId}' scored twice");
            if (s.Label is { } label && label != key.Label)
                throw new ScoreFileException(Name(s.Source, "scores"), s.Line,
                    $"utterance '{s.UttId}' is labelled {TextFields.LabelText(label)} but the protocol " +
                    $"({Name(key.Source, "protocol")}:{key.Line}) says {TextFields.LabelText(key.Label)}");
            result.Add(new LabelledScore(s.UttId, key.Label, s.Score, key.Attack) { Phase = key.Phase });
        }

        if (!options.AllowUnscored && scored.Count != byId.Count)
        {
            var missing = protocol.Where(e => !scored.Contains(e.UttId)).ToList();
            throw new ScoreFileException(Name(missing[0].Source, "protocol"), missing[0].Line,
                $"utterance '{missing[0].UttId}' has no score" +
                (missing.Count > 1 ? $" (nor do {missing.Count - 1} more of {protocol.Count} entries)" : ""));
        }

        return FilterPhase(result, options.Phase, protocol.Count > 0 ? Name(protocol[0].Source, "protocol") : "protocol");
    }

    /// <summary>The same join with a dataset reader's utterances as the protocol.</summary>
    public static IReadOnlyList<LabelledScore> Join(
        IReadOnlyList<ScoreLine> scores, IReadOnlyList<Utterance> utterances, JoinOptions? options = null) =>
        Join(scores, utterances.Select((u, i) => new ProtocolEntry(u.Id, u.Label, u.Attack)
        {
            Speaker = u.Speaker,
            Phase = u.Phase,
            Source = $"protocol ({u.Split})",
            Line = i + 1,
        }).ToList(), options);

    /// <summary>Scores that carry their own labels (<c>utt_id label score</c>); every line must have one.</summary>
    public static IReadOnlyList<LabelledScore> FromLabelledLines(IReadOnlyList<ScoreLine> scores)
    {
        var result = new List<LabelledScore>(scores.Count);
        foreach (var s in scores)
        {
            if (s.Label is not { } label)
                throw new ScoreFileException(Name(s.Source, "scores"), s.Line,
                    "no label: use 'utt_id label score' lines or give a protocol");
            result.Add(new LabelledScore(s.UttId, label, s.Score, s.Attack ?? "-"));
        }
        return result;
    }

    static IReadOnlyList<LabelledScore> FilterPhase(List<LabelledScore> joined, string? phase, string protocolName)
    {
        if (phase is null)
            return joined;
        if (joined.Any(s => s.Phase is null))
            throw new ScoreFileException(protocolName, 0, $"cannot select phase '{phase}': the protocol has no phase column");
        var kept = joined.Where(s => s.Phase == phase).ToList();
        if (kept.Count == 0)
            throw new ScoreFileException(protocolName, 0, $"no scored utterance has phase '{phase}'");
        return kept;
    }

    static string Name(string source, string fallback) => source.Length > 0 ? source : fallback;
}
