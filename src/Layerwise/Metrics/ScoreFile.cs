using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>
/// CM score files in the ASVspoof formats, one trial per line, whitespace separated:
/// <c>utt_id score</c> (challenge submissions), <c>utt_id label score</c> (label bonafide|spoof; what the paper's
/// scripts write) or <c>utt_id attack label score</c> (ASVspoof 2019 CM score file). Every line of a file must use
/// the same format; ids must be unique. Blank lines and lines starting with '#' are ignored.
/// </summary>
public static class ScoreFile
{
    public static IReadOnlyList<ScoreLine> Read(string path)
    {
        if (!File.Exists(path))
            throw new ScoreFileException(path, 0, "score file not found");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<ScoreLine> Parse(TextReader reader, string path)
    {
        var lines = new List<ScoreLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int fieldCount = 0, firstLine = 0, line = 0;
        Span<Range> r = stackalloc Range[4];
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            var span = text.AsSpan();
            int n = TextFields.Split(span, r);
            if (n == 0 || span[r[0]][0] == '#')
                continue;
            if (n is < 2 or > 4)
                throw new ScoreFileException(path, line,
                    $"expected 'utt_id score', 'utt_id label score' or 'utt_id attack label score', got {n} fields");
            if (fieldCount == 0)
            {
                fieldCount = n;
                firstLine = line;
            }
            else if (n != fieldCount)
                throw new ScoreFileException(path, line, $"{n} fields, but line {firstLine} has {fieldCount}");

            Label? label = null;
            if (n >= 3)
            {
                if (!TextFields.TryParseLabel(span[r[n - 2]], out var l))
                    throw new ScoreFileException(path, line, $"label '{span[r[n - 2]]}' is neither 'bonafide' nor 'spoof'");
                label = l;
            }
            double score = TextFields.ParseScore(span[r[n - 1]], path, line);
            string id = span[r[0]].ToString();
            if (!seen.TryAdd(id, line))
                throw new ScoreFileException(path, line, $"utterance '{id}' already scored on line {seen[id]}");
            lines.Add(new ScoreLine(id, label, score)
            {
                Attack = n == 4 ? span[r[1]].ToString() : null,
                Source = path,
                Line = line,
            });
        }
        if (lines.Count == 0)
            throw new ScoreFileException(path, 0, "no scores");
        return lines;
    }

    /// <summary>Writes <c>utt_id label score</c> when every line has a label, <c>utt_id score</c> when none has;
    /// scores in round-trip precision.</summary>
    public static void Write(string path, IEnumerable<ScoreLine> lines)
    {
        using var writer = new StreamWriter(path);
        Write(writer, lines);
    }

    public static void Write(TextWriter writer, IEnumerable<ScoreLine> lines)
    {
        bool? labelled = null;
        foreach (var l in lines)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(l.UttId);
            if (l.UttId.AsSpan().IndexOfAny(' ', '\t', '\n') >= 0)
                throw new ArgumentException($"utterance id '{l.UttId}' contains whitespace");
            labelled ??= l.Label is not null;
            if (labelled != (l.Label is not null))
                throw new ArgumentException("mixing labelled and unlabelled score lines in one file");
            writer.WriteLine(l.Label is { } label
                ? $"{l.UttId} {TextFields.LabelText(label)} {TextFields.FormatScore(l.Score)}"
                : $"{l.UttId} {TextFields.FormatScore(l.Score)}");
        }
    }

    /// <summary>Writes labelled scores as <c>utt_id label score</c>.</summary>
    public static void Write(string path, IEnumerable<LabelledScore> scores)
    {
        using var writer = new StreamWriter(path);
        Write(writer, scores);
    }

    /// <summary>Writes labelled scores as <c>utt_id label score</c>.</summary>
    public static void Write(TextWriter writer, IEnumerable<LabelledScore> scores) =>
        Write(writer, scores.Select(s => new ScoreLine(s.UttId, s.Label, s.Score)));
}
