using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>Per-attack EER breakdown as in the ASVspoof tables: each attack's spoofs against all bona fide trials.
/// Spoof trials whose attack is unknown ("-" or empty) are left out; none known → empty list. O(n log n) overall.</summary>
public static class PerAttackEer
{
    public static IReadOnlyList<AttackEer> Compute(IReadOnlyList<LabelledScore> scores)
    {
        var bona = new List<double>();
        var byAttack = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            if (s.Label == Label.Bonafide)
                bona.Add(s.Score);
            else if (!string.IsNullOrEmpty(s.Attack) && s.Attack != "-")
            {
                if (!byAttack.TryGetValue(s.Attack, out var list))
                    byAttack[s.Attack] = list = [];
                list.Add(s.Score);
            }
        }
        if (byAttack.Count == 0)
            return [];
        if (bona.Count == 0)
            throw new ArgumentException("per-attack EER needs bona fide trials");
        var sortedBona = RankedScores.Sorted(bona, "bona fide");
        var result = new List<AttackEer>(byAttack.Count);
        foreach (var (attack, spoof) in byAttack)
        {
            var ranked = RankedScores.FromSorted(sortedBona, RankedScores.Sorted(spoof, "spoof"));
            result.Add(new AttackEer(attack, spoof.Count, ranked.OfficialEer(), ranked.SklearnEer()));
        }
        return result;
    }
}
