using System.Globalization;
using System.Text;
using Layerwise.Training;

namespace Layerwise.LayerAnalysis;

/// <summary>One probe's EER on one set (probes.csv). <see cref="Seed"/> is null for the seedless linear probe.</summary>
public sealed record ProbeRow(string Probe, int K, string Layers, string Backend, int? Seed, string Set, string Role, double EerPercent, string ScoresPath);

/// <summary>One probe's EER on one attack of one set (probe_attacks.csv).</summary>
public sealed record ProbeAttackRow(string Probe, int K, string Backend, int? Seed, string Set, string Attack, int SpoofTrials, double EerPercent, bool Seen);

/// <summary>A trained probe: its kind, index and the sweep run that trained it.</summary>
public sealed record ProbeRun(ProbeKind Kind, int K, RunOutcome Run);

/// <summary>Everything <see cref="LayerProbes.Run"/> produced, as tidy rows, with the cost.</summary>
public sealed record ProbeResults(
    IReadOnlyList<ProbeRow> Rows,
    IReadOnlyList<ProbeAttackRow> Attacks,
    IReadOnlyList<ProbeRun> Runs,
    long SslForwardPasses,
    TimeSpan Elapsed)
{
    /// <summary>The mean EER over seeds of each (probe, k, back-end) on one set, ordered by probe, back-end, k.</summary>
    public IReadOnlyList<(string Probe, string Backend, int K, double EerPercent, double Spread, int Seeds)> Curve(string set) =>
        Rows.Where(r => r.Set == set)
            .GroupBy(r => (r.Probe, r.Backend, r.K))
            .Select(g => (g.Key.Probe, g.Key.Backend, g.Key.K, g.Average(r => r.EerPercent), Stats.StdDev(g.Select(r => r.EerPercent).ToList()), g.Count()))
            .OrderBy(c => c.Probe, StringComparer.Ordinal).ThenBy(c => c.Backend, StringComparer.Ordinal).ThenBy(c => c.K)
            .ToList();

    /// <summary>The <see cref="Curve"/> of one set as a table (probe, backend, k, eer_percent, sd, seeds), for notebooks.</summary>
    public Microsoft.Data.Analysis.DataFrame CurveFrame(string set)
    {
        var c = Curve(set);
        return new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.StringDataFrameColumn("probe", c.Select(x => x.Probe)),
            new Microsoft.Data.Analysis.StringDataFrameColumn("backend", c.Select(x => x.Backend)),
            new Microsoft.Data.Analysis.Int32DataFrameColumn("k", c.Select(x => x.K)),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("eer_percent", c.Select(x => x.EerPercent)),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("sd", c.Select(x => x.Spread)),
            new Microsoft.Data.Analysis.Int32DataFrameColumn("seeds", c.Select(x => x.Seeds)));
    }

    /// <summary>probes.csv: probe,k,layers,backend,seed,set,role,eer_percent,scores (one row per probe and set).</summary>
    public void WriteCsv(string path)
    {
        var sb = new StringBuilder("probe,k,layers,backend,seed,set,role,eer_percent,scores\n");
        foreach (var r in Rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Probe},{r.K},\"{r.Layers}\",{r.Backend},{r.Seed},{r.Set},{r.Role},{r.EerPercent:R},\"{r.ScoresPath}\"\n");
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>probe_attacks.csv: probe,k,backend,seed,set,attack,spoof_trials,eer_percent,seen_in_training.</summary>
    public void WriteAttacksCsv(string path)
    {
        var sb = new StringBuilder("probe,k,backend,seed,set,attack,spoof_trials,eer_percent,seen_in_training\n");
        foreach (var r in Attacks)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Probe},{r.K},{r.Backend},{r.Seed},{r.Set},{r.Attack},{r.SpoofTrials},{r.EerPercent:R},{(r.Seen ? "true" : "false")}\n");
        IO.AtomicFile.WriteAllText(path, sb.ToString());
    }
}
