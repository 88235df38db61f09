using System.Globalization;
using Layerwise.Data;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>Counts of one group's scores per bin of a <see cref="ScoreHistogram"/>.</summary>
public sealed record HistogramSeries(string Group, int[] Counts);

/// <summary>Score histograms over shared bins: <see cref="Edges"/> has one more entry than each series' counts.</summary>
public sealed record ScoreHistogram(string Title, double[] Edges, IReadOnlyList<HistogramSeries> Series);

/// <summary>Score views of probe runs: histograms by class or by attack, and per-attack EER across layers.</summary>
public static class ScoreViews
{
    /// <summary>Reads a run's "utt label score" file and joins it with the set's utterances (for their attacks).</summary>
    public static IReadOnlyList<ScoredUtterance> ReadLabelled(string path, IReadOnlyList<Utterance> utterances)
    {
        var byId = utterances.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var list = new List<ScoredUtterance>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
                continue;
            var p = text.Split(' ');
            if (p.Length != 3 || !double.TryParse(p[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double score))
                throw new LayerwiseInputException($"{path}:{line}: expected 'utt_id label score'");
            if (!byId.TryGetValue(p[0], out var u))
                throw new LayerwiseInputException($"{path}:{line}: utterance '{p[0]}' is not in the set");
            list.Add(new ScoredUtterance(u, score));
        }
        return list;
    }

    /// <summary>Histogram of bona fide and spoof scores (<paramref name="byAttack"/>: one spoof series per attack)
    /// over <paramref name="bins"/> equal bins spanning all scores.</summary>
    public static ScoreHistogram Histogram(string title, IReadOnlyList<ScoredUtterance> scores, int bins = 30, bool byAttack = false)
    {
        if (scores.Count == 0)
            throw new ArgumentException("no scores to histogram");
        double lo = scores.Min(s => s.Score), hi = scores.Max(s => s.Score);
        if (hi <= lo)
            (lo, hi) = (lo - 0.5, hi + 0.5);
        var edges = Enumerable.Range(0, bins + 1).Select(i => lo + (hi - lo) * i / bins).ToArray();
        string Group(ScoredUtterance s) => s.Utterance.Label == Label.Bonafide ? "bonafide" : byAttack ? s.Utterance.Attack : "spoof";
        var series = scores.GroupBy(Group)
            .OrderBy(g => g.Key == "bonafide" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var counts = new int[bins];
                foreach (var s in g)
                    counts[Math.Min(bins - 1, (int)((s.Score - lo) / (hi - lo) * bins))]++;
                return new HistogramSeries(g.Key, counts);
            })
            .ToList();
        return new ScoreHistogram(title, edges, series);
    }

    /// <summary>EER per attack (rows, ordered) and probe index k (columns) of one probe kind and back-end on one set,
    /// averaged over seeds; NaN where a k has no run.</summary>
    public static (string[] Attacks, int[] Ks, double[,] EerPercent) AttackEerAcrossLayers(ProbeResults results, string probe, string backend, string set)
    {
        var rows = results.Attacks.Where(a => a.Probe == probe && a.Backend == backend && a.Set == set).ToList();
        var attacks = rows.Select(a => a.Attack).Distinct().Order(StringComparer.Ordinal).ToArray();
        var ks = rows.Select(a => a.K).Distinct().Order().ToArray();
        var eer = new double[attacks.Length, ks.Length];
        for (int i = 0; i < attacks.Length; i++)
            for (int j = 0; j < ks.Length; j++)
            {
                var cell = rows.Where(a => a.Attack == attacks[i] && a.K == ks[j]).ToList();
                eer[i, j] = cell.Count == 0 ? double.NaN : cell.Average(a => a.EerPercent);
            }
        return (attacks, ks, eer);
    }
}
