using Layerwise.Data.Readers;

namespace Layerwise.Metrics;

/// <summary>
/// The organisers' ASV scores for t-DCF. ASVspoof 2019 (<c>ASVspoof2019.LA.asv.{dev,eval}.gi.trl.scores.txt</c>):
/// <c>SOURCE KEY SCORE</c> per line, SOURCE bonafide or an attack id, KEY target|nontarget|spoof. ASVspoof 2021
/// (<c>keys/LA/ASV/ASVTorch_Kaldi/score.txt</c>): score in field 3, keyed line by line by
/// <c>keys/LA/ASV/trial_metadata.txt</c> (KEY field 6, PHASE field 8), optionally restricted to one phase.
/// </summary>
public static class AsvScoreFile
{
    static readonly string[] Keys = ["target", "nontarget", "spoof"];

    /// <summary>Reads the ASVspoof 2019 three-column format.</summary>
    public static AsvScores Read(string path)
    {
        if (!File.Exists(path))
            throw new ScoreFileException(path, 0, "ASV score file not found");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static AsvScores Parse(TextReader reader, string path)
    {
        var sets = new[] { new List<double>(), new List<double>(), new List<double>() };
        foreach (var (line, f) in ProtocolText.Read(reader, skipComments: true))
        {
            if (f.Length != 3)
                throw new ScoreFileException(path, line,
                    $"expected 'SOURCE KEY SCORE' (ASVspoof 2019 ASV scores), got {f.Length} fields " +
                    "(ASVspoof 2021 ASV scores need their trial_metadata key file too)");
            int k = Array.IndexOf(Keys, f[1]);
            if (k < 0)
                throw new ScoreFileException(path, line,
                    $"key '{f[1]}' is not target|nontarget|spoof (ASVspoof 2021 ASV scores need their trial_metadata key file too)");
            sets[k].Add(TextFields.ParseScore(f[2], path, line));
        }
        return Build(sets, path);
    }

    /// <summary>Reads ASVspoof 2021 ASV scores with their key file (same line order, same count).</summary>
    public static AsvScores Read(string scorePath, string keyPath, string? phase = null)
    {
        foreach (var p in new[] { scorePath, keyPath })
            if (!File.Exists(p))
                throw new ScoreFileException(p, 0, "file not found");
        using var scores = new StreamReader(scorePath);
        using var keys = new StreamReader(keyPath);
        return Parse(scores, scorePath, keys, keyPath, phase);
    }

    public static AsvScores Parse(TextReader scores, string scorePath, TextReader keys, string keyPath, string? phase = null)
    {
        var sets = new[] { new List<double>(), new List<double>(), new List<double>() };
        using var keyLines = ProtocolText.Read(keys, skipComments: true).GetEnumerator();
        int nScores = 0;
        foreach (var (line, f) in ProtocolText.Read(scores, skipComments: true))
        {
            nScores++;
            if (!keyLines.MoveNext())
                throw new ScoreFileException(scorePath, line, $"more ASV scores than key lines in {keyPath}");
            var (keyLine, k) = keyLines.Current;
            if (f.Length < 3)
                throw new ScoreFileException(scorePath, line, $"expected the score in field 3, got {f.Length} fields");
            if (k.Length < 8)
                throw new ScoreFileException(keyPath, keyLine,
                    $"expected an ASVspoof 2021 ASV trial_metadata line (8 fields), got {k.Length}");
            // Both files name the trial in field 2 (the eval package's index column): refuse misaligned rows.
            if (f[1] != k[1])
                throw new ScoreFileException(scorePath, line,
                    $"trial '{f[1]}' does not match '{k[1]}' on line {keyLine} of {keyPath}");
            int key = Array.IndexOf(Keys, k[5]);
            if (key < 0)
                throw new ScoreFileException(keyPath, keyLine, $"key '{k[5]}' is not target|nontarget|spoof");
            double score = TextFields.ParseScore(f[2], scorePath, line);
            if (phase is null || k[7] == phase)
                sets[key].Add(score);
        }
        if (keyLines.MoveNext())
            throw new ScoreFileException(keyPath, keyLines.Current.Line, $"more key lines than ASV scores ({nScores}) in {scorePath}");
        return Build(sets, phase is null ? scorePath : $"{scorePath} (phase {phase})");
    }

    static AsvScores Build(List<double>[] sets, string path)
    {
        for (int k = 0; k < 3; k++)
            if (sets[k].Count == 0)
                throw new ScoreFileException(path, 0, $"no {Keys[k]} trials");
        return new AsvScores(sets[0], sets[1], sets[2]);
    }
}
